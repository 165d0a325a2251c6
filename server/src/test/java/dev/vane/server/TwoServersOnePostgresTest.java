package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.wire.Endpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database, as two processes would run them (separate pools, no
 * shared state but the database and the data folder): each sees the other's writes, and writes to
 * one run through both are serialized by the database.
 */
class TwoServersOnePostgresTest {
  static TestPostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void writesThroughOneAreReadThroughTheOther() throws Exception {
    String url = postgres.freshDatabaseUrl();
    try (TestServer a = TestServer.start(options(dir, url));
        TestServer b = TestServer.start(options(dir, url))) {
      assertTrue(a.server.initialAdminKey().isPresent());
      assertFalse(b.server.initialAdminKey().isPresent(), "the admin exists already");
      assertEquals(a.adminKey, b.adminKey);

      assertEquals(200, a.upsert(TestServer.runStart("two", "r1")).status());
      JsonNode attached = b.upsert(TestServer.runStart("two", "r1")).json();
      assertFalse(attached.get("created").asBoolean(), attached.toString());
      a.ingest(
          "two",
          "r1",
          TestServer.frames(1, TestServer.runRecord("two", "r1"), IngestTest.row(0, "loss", 0.5)));
      assertEquals(
          1,
          b.ingest("two", "r1", TestServer.frames(3, IngestTest.row(1, "loss", 0.25)))
              .json()
              .get("applied")
              .asInt());
      assertEquals(a.history("two", "r1"), b.history("two", "r1"));
      assertEquals(2, b.history("two", "r1").size());
      assertEquals(a.run("two", "r1"), b.run("two", "r1"));

      byte[] bytes = "shared".getBytes(StandardCharsets.UTF_8);
      assertEquals(200, a.put(Endpoints.file("admin", "two", "r1", "f.txt"), bytes).status());
      assertEquals("shared", b.get(Endpoints.file("admin", "two", "r1", "f.txt")).text());

      assertEquals(
          200, b.patch(Endpoints.run("admin", "two", "r1"), "{\"notes\":\"via b\"}").status());
      assertEquals("via b", a.run("two", "r1").get("notes").asText());
      assertEquals(204, a.delete(Endpoints.run("admin", "two", "r1")).status());
      assertEquals(404, b.get(Endpoints.run("admin", "two", "r1")).status());
      assertEquals("run_deleted", b.upsert(TestServer.runStart("two", "r1")).errorCode());
    }
  }

  @Test
  void concurrentIngestOfOneRunThroughBothEndsWithAnExactHistory() throws Exception {
    String url = postgres.freshDatabaseUrl();
    int steps = 200;
    int batch = 7;
    try (TestServer a = TestServer.start(options(dir, url));
        TestServer b = TestServer.start(options(dir, url))) {
      // Both create the run at once: one creates, the other attaches.
      List<TestServer.Response> upserts =
          BackendContract.runAll(
              List.<Callable<TestServer.Response>>of(
                  () -> a.upsert(TestServer.runStart("race", "r1")),
                  () -> b.upsert(TestServer.runStart("race", "r1"))));
      assertEquals(
          1,
          upserts.stream().filter(r -> r.json().get("created").asBoolean()).count(),
          upserts.get(0).text() + upserts.get(1).text());
      // Two writers (a retrying SDK and a `vane sync` of the same log, say) send the same batches
      // in order, each through its own server: every record is applied exactly once.
      List<Callable<Integer>> writers = new ArrayList<>();
      for (TestServer server : List.of(a, b)) {
        writers.add(
            () -> {
              int applied = 0;
              for (int first = 0; first < steps; first += batch) {
                TestServer.Response r =
                    server.ingest(
                        "race",
                        "r1",
                        BackendContract.batch("race", "r1", first, Math.min(batch, steps - first)));
                assertEquals(200, r.status(), r.text());
                applied += r.json().get("applied").asInt();
              }
              return applied;
            });
      }
      List<Integer> applied = BackendContract.runAll(writers);
      assertEquals(steps + 1, applied.get(0) + applied.get(1), "each record applied once");
      JsonNode history = a.history("race", "r1");
      assertEquals(steps, history.size());
      for (int i = 0; i < steps; i++) {
        assertEquals(i, history.get(i).get("_step").asInt(), "no gap, no duplicate");
        assertEquals(1.0 / (i + 1), history.get(i).get("loss").asDouble());
      }
      assertEquals(history, b.history("race", "r1"));
      assertEquals(steps, b.run("race", "r1").get("historyLength").asInt());
    }
  }

  @Test
  void exactlyOneServerSweepsAtATime() throws Exception {
    String url = postgres.freshDatabaseUrl();
    try (TestServer a = TestServer.start(options(dir, url));
        TestServer b = TestServer.start(options(dir, url));
        dev.vane.server.store.Database dbA = a.openDatabase();
        dev.vane.server.store.Database dbB = b.openDatabase()) {
      for (String id : List.of("c1", "c2", "c3")) {
        assertEquals(200, a.upsert(TestServer.runStart("sweep", id)).status());
      }
      java.time.Clock later =
          java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(10));
      HeartbeatMonitor monitorA = new HeartbeatMonitor(dbA, java.time.Duration.ofMinutes(5), later);
      HeartbeatMonitor monitorB = new HeartbeatMonitor(dbB, java.time.Duration.ofMinutes(5), later);
      // While one server's sweep holds the lock, the other's is skipped and marks nothing.
      int skipped =
          dbA.write(
              s -> {
                assertTrue(s.runs().tryLockCrashSweep());
                return monitorB.sweep();
              });
      assertEquals(-1, skipped);
      assertEquals("running", b.run("sweep", "c1").get("state").asText());
      // Both sweeping at once: the runs are marked once, and neither fails.
      List<Integer> marked =
          BackendContract.runAll(
              List.<Callable<Integer>>of(monitorA::sweep, monitorB::sweep, monitorA::sweep));
      assertEquals(3, marked.stream().filter(n -> n > 0).mapToInt(Integer::intValue).sum(),
          marked.toString());
      for (String id : List.of("c1", "c2", "c3")) {
        assertEquals("crashed", a.run("sweep", id).get("state").asText());
      }
      // The lock is transaction-scoped: it is free again once the sweep committed.
      assertEquals(0, monitorA.sweep());
      assertEquals(0, monitorB.sweep());
    }
  }

  @Test
  void serversStartingAtOnceOnAnEmptyDatabaseCreateOneAdmin() throws Exception {
    String url = postgres.emptyDatabaseUrl();
    List<Path> folders = new ArrayList<>();
    List<Callable<VaneServer>> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path folder = dir.resolve("server-" + i);
      folders.add(folder);
      starts.add(() -> VaneServer.start(options(folder, url)));
    }
    List<VaneServer> servers = BackendContract.runAll(starts);
    try {
      assertEquals(1, servers.stream().filter(s -> s.initialAdminKey().isPresent()).count());
      String key = servers.stream().flatMap(s -> s.initialAdminKey().stream()).findFirst().get();
      int keyFiles = 0;
      for (Path folder : folders) {
        if (Files.exists(folder.resolve("admin-api-key"))) {
          keyFiles++;
          assertEquals(key, Files.readString(folder.resolve("admin-api-key")));
        }
        try (Stream<Path> files = Files.list(folder)) {
          assertTrue(
              files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
              "no key left aside");
        }
      }
      assertEquals(1, keyFiles, "exactly one key file, by the server that created the admin");
      for (VaneServer server : servers) {
        // the one key works on every server
        TestServer.Response r = projects(server, key);
        assertEquals(200, r.status(), r.text());
      }
    } finally {
      servers.forEach(VaneServer::close);
    }
  }

  private static TestServer.Response projects(VaneServer server, String key) throws Exception {
    java.net.http.HttpResponse<byte[]> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/api/v1/projects/admin"))
                    .header("Authorization", "Bearer " + key)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    return new TestServer.Response(r.statusCode(), r.body(), r.headers());
  }

  private static ServerOptions options(Path dataDir, String url) {
    return new ServerOptions("127.0.0.1", 0, dataDir, url);
  }
}
