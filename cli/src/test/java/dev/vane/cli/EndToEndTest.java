package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.CrashingProgram;
import dev.vane.cli.programs.DocumentExample;
import dev.vane.cli.programs.RunBodyProgram;
import dev.vane.cli.programs.SleepingProgram;
import dev.vane.cli.programs.StoppableProgram;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK in child JVMs against a real server, as a user runs it. */
class EndToEndTest {
  @TempDir Path tmp;
  TestServer server;
  Path work;

  @BeforeEach
  void start() throws IOException {
    server = new TestServer(tmp.resolve("server"));
    work = Files.createDirectories(tmp.resolve("work"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("VANE_BASE_URL", server.baseUrl());
    env.put("VANE_API_KEY", server.key);
    return env;
  }

  private ChildJvm.Result run(Map<String, String> env, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return ChildJvm.run(work, env, ChildJvm.testClasspath(), main.getName(), args);
  }

  private static String runPath(String stdout) {
    Matcher m = Pattern.compile("RUN (\\S+)").matcher(stdout);
    assertTrue(m.find(), "program printed its run path: " + stdout);
    return m.group(1);
  }

  @Test
  void documentSnippetLogsTenStepsAndPrintsWandbOutput() throws Exception {
    ChildJvm.Result r = run(env(), DocumentExample.class, "nico", "awesome-project");
    assertEquals(0, r.exitCode(), r.err());
    String path = runPath(r.out());
    String[] parts = path.split("/");
    assertEquals("nico", parts[0]);
    assertEquals("awesome-project", parts[1]);
    assertTrue(parts[2].matches("^[a-z0-9]{8}$"), parts[2]);

    String err = r.err();
    assertTrue(err.contains("vane: Syncing run "), err);
    assertTrue(err.contains("View project at " + server.baseUrl() + "/nico/awesome-project"), err);
    assertTrue(err.contains("View run at " + server.baseUrl() + "/nico/awesome-project/runs/" + parts[2]), err);
    assertTrue(err.contains("vane: Run history:"), err);
    assertTrue(err.contains("vane: Run summary:"), err);
    assertTrue(Pattern.compile("vane: +accuracy [▁▂▃▄▅▆▇█]{10}").matcher(err).find(), err);
    assertTrue(err.contains("vane: Synced "), err);
    assertTrue(err.contains("vane: Find logs at: "), err);
    for (String line : err.split("\n")) {
      assertTrue(line.startsWith("vane:"), "every SDK line is prefixed: " + line);
    }

    JsonNode runJson = server.get("/api/v1/runs/" + path).body();
    assertEquals("finished", runJson.get("state").asText());
    assertEquals(0, runJson.get("exitCode").asInt());
    assertTrue(runJson.get("name").asText().matches("^[a-z]+-[a-z]+-[0-9]+$"), runJson.toString());
    assertEquals(10, runJson.get("historyLength").asInt());
    assertEquals(0.01, runJson.get("config").get("learning_rate").asDouble());
    assertEquals(10, runJson.get("config").get("epochs").asInt());

    JsonNode rows = server.get("/api/v1/runs/" + path + "/history").body().get("rows");
    assertEquals(10, rows.size());
    for (int i = 0; i < 10; i++) {
      JsonNode row = rows.get(i);
      assertEquals(i, row.get("_step").asInt());
      assertTrue(row.get("accuracy").isNumber());
      assertTrue(row.get("loss").isNumber());
      assertTrue(row.get("_runtime").asDouble() >= 0);
      assertTrue(row.get("_timestamp").asDouble() > 1.7e9);
    }
    JsonNode last = rows.get(9);
    JsonNode summary = runJson.get("summary");
    assertEquals(last.get("accuracy").asDouble(), summary.get("accuracy").asDouble());
    assertEquals(last.get("loss").asDouble(), summary.get("loss").asDouble());

    JsonNode projects = server.get("/api/v1/projects/nico").body().get("projects");
    assertEquals("awesome-project", projects.get(0).get("name").asText());
    assertEquals(1, projects.get(0).get("runCount").asInt());

    JsonNode files = server.get("/api/v1/runs/" + path + "/files").body().get("files");
    List<String> names = new ArrayList<>();
    files.forEach(f -> names.add(f.get("name").asText()));
    assertTrue(names.containsAll(List.of("config.json", "vane-summary.json", "vane-metadata.json")),
        names.toString());
  }

  @Test
  void offlineRunIsUploadedBySyncAndSyncingTwiceChangesNothing() throws Exception {
    Map<String, String> env = env();
    env.put("VANE_MODE", "offline");
    ChildJvm.Result r = run(env, DocumentExample.class, "nico", "offline-project");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("vane sync"), r.err());
    String path = runPath(r.out());
    assertEquals(404, server.get("/api/v1/runs/" + path).status(), "offline sends nothing");

    Path runDir;
    try (Stream<Path> dirs = Files.list(work.resolve("vane"))) {
      runDir = dirs.filter(p -> p.getFileName().toString().startsWith("offline-run-"))
          .findFirst().orElseThrow();
    }
    ChildJvm.Result sync = run(env(), VaneCommand.class, "sync", runDir.toString());
    assertEquals(0, sync.exitCode(), sync.out() + sync.err());
    JsonNode first = server.get("/api/v1/runs/" + path).body();
    assertEquals("finished", first.get("state").asText());
    assertEquals(10, first.get("historyLength").asInt());
    JsonNode history = server.get("/api/v1/runs/" + path + "/history").body();
    assertEquals(10, history.get("rows").size());

    ChildJvm.Result again = run(env(), VaneCommand.class, "sync", runDir.toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertEquals(first, server.get("/api/v1/runs/" + path).body());
    assertEquals(history, server.get("/api/v1/runs/" + path + "/history").body());
  }

  @Test
  void uncaughtExceptionMarksTheRunFailed() throws Exception {
    ChildJvm.Result r = run(env(), CrashingProgram.class, "crashes");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("loss diverged"), r.err());
    JsonNode runJson = server.get("/api/v1/runs/" + runPath(r.out())).body();
    assertEquals("failed", runJson.get("state").asText());
    assertEquals(1, runJson.get("exitCode").asInt());
    assertEquals(3, runJson.get("historyLength").asInt());
  }

  @Test
  void runBodyThatThrowsEndsFailedAndRethrows() throws Exception {
    ChildJvm.Result r = run(env(), RunBodyProgram.class, "bodies", "body0001");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("RETHROWN body failed on purpose"), r.out());
    JsonNode runJson = server.get("/api/v1/runs/admin/bodies/body0001").body();
    assertEquals("failed", runJson.get("state").asText());
    assertEquals(1, runJson.get("exitCode").asInt());
    assertEquals(2, runJson.get("historyLength").asInt());
  }

  @Test
  void deletedRunIdCannotBeUsedAgain() throws Exception {
    ChildJvm.Result r = run(env(), DocumentExample.class, "admin", "reuse", "keep-me-1");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(204, server.delete("/api/v1/runs/admin/reuse/keep-me-1").status());
    assertEquals(404, server.get("/api/v1/runs/admin/reuse/keep-me-1").status());

    ChildJvm.Result again = run(env(), DocumentExample.class, "admin", "reuse", "keep-me-1");
    assertNotEquals(0, again.exitCode());
    assertTrue(again.err().contains("deleted"), again.err());
    assertEquals(404, server.get("/api/v1/runs/admin/reuse/keep-me-1").status());
  }

  @Test
  void invalidRunIdIsRejectedBeforeAnythingIsRecorded() throws Exception {
    ChildJvm.Result r = run(env(), DocumentExample.class, "admin", "bad-ids", "a/b");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("id"), r.err());
    assertEquals(0, server.get("/api/v1/runs/admin/bad-ids").body() == null ? 0
        : server.get("/api/v1/runs/admin/bad-ids").body().path("runs").size());
  }

  @Test
  void runLoggedWhileTheServerIsDownIsUploadedLater() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = env();
    env.put("VANE_BASE_URL", "http://127.0.0.1:" + port);
    env.put("VANE_DIR", work.toString());
    long started = System.nanoTime();
    ChildJvm.Result r = run(env, DocumentExample.class, "admin", "away", "away0001");
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("vane sync"), "tells the user how to upload later: " + r.err());
    assertTrue(seconds < 100, "finish is bounded: " + seconds);

    server.close();
    server = new TestServer(tmp.resolve("server"), port);
    Path runDir;
    try (Stream<Path> dirs = Files.list(work.resolve("vane"))) {
      runDir = dirs.filter(p -> p.getFileName().toString().endsWith("-away0001"))
          .findFirst().orElseThrow();
    }
    ChildJvm.Result sync = run(env, VaneCommand.class, "sync", runDir.toString());
    assertEquals(0, sync.exitCode(), sync.out() + sync.err());
    JsonNode runJson = server.get("/api/v1/runs/admin/away/away0001").body();
    assertEquals("finished", runJson.get("state").asText());
    assertEquals(10, runJson.get("historyLength").asInt());
    assertFalse(runJson.get("name").asText().isEmpty());
  }

  @Test
  void sigtermEndsTheRunKilledAfterAFinalFlush() throws Exception {
    ChildJvm.Live live = ChildJvm.startLive(work, env(), SleepingProgram.class, "signals");
    live.process.toHandle().destroy(); // SIGTERM; Process.destroy would also close the output
    live.awaitExit();
    JsonNode runJson = server.get("/api/v1/runs/" + live.runPath).body();
    assertEquals("killed", runJson.get("state").asText(), live.seen.toString());
    assertEquals(255, runJson.get("exitCode").asInt());
    assertEquals(3, runJson.get("historyLength").asInt(), "everything logged before the signal");
  }

  @Test
  void stopFromTheApiInterruptsTheProgramAndEndsTheRunKilled() throws Exception {
    ChildJvm.Live live = ChildJvm.startLive(work, env(), StoppableProgram.class, "stops");
    Thread.sleep(500); // a few steps logged
    long stoppedAt = System.nanoTime();
    TestServer.Response stop = server.post("/api/v1/runs/" + live.runPath + "/stop");
    assertEquals(200, stop.status(), String.valueOf(stop.body()));
    long interruptedAt = 0;
    for (String line; (line = live.nextLine()) != null; ) {
      if (line.equals("INTERRUPTED")) {
        interruptedAt = System.nanoTime();
      }
    }
    live.awaitExit();
    assertTrue(interruptedAt > 0, "the program was interrupted: " + live.seen);
    double seconds = (interruptedAt - stoppedAt) / 1e9;
    System.out.printf("stop reached the program in %.2f s%n", seconds);
    assertTrue(seconds < 5, "stop reached the program in " + seconds + " s");
    JsonNode runJson = server.get("/api/v1/runs/" + live.runPath).body();
    assertEquals("killed", runJson.get("state").asText(), live.seen.toString());
    assertEquals(255, runJson.get("exitCode").asInt());
    assertTrue(runJson.get("stopped").asBoolean());
  }
}
