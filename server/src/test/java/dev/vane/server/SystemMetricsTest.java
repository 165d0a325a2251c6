package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.SystemSample;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System metrics samples: ingest, the system sampled endpoint, isolation from history, delete. */
class SystemMetricsTest {
  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  static SystemSample sample(double runtime, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new SystemSample(m, 1795793230.0 + runtime, runtime);
  }

  /** A run with history rows at steps 0..2 and 60 system samples, one a second, after them. */
  private static void run(String project, String id) {
    assertEquals(200, t.upsert(TestServer.runStart(project, id)).status());
    List<RecordPayload> records = new ArrayList<>();
    records.add(TestServer.runRecord(project, id));
    for (int s = 0; s < 3; s++) {
      records.add(IngestTest.row(s, "loss", 1.0 / (s + 1)));
    }
    for (int i = 1; i <= 60; i++) {
      records.add(sample(i, "system.cpu", i == 42 ? 99.5 : 10.0 + i % 3,
          "system.proc.memory.rssMB", 100.0 + i, "system.jvm.threads", 12));
    }
    TestServer.Response r =
        t.ingest(project, id, TestServer.frames(1, records.toArray(RecordPayload[]::new)));
    assertEquals(200, r.status(), r.text());
  }

  private static String url(String project, String id) {
    return Endpoints.run("admin", project, id) + "/system/sampled";
  }

  @Test
  void samplesComeBackBucketedByRuntime() {
    run("sys-read", "r1");
    JsonNode series = t.get(url("sys-read", "r1") + "?buckets=6").json().get("series");
    List<String> keys = new ArrayList<>();
    series.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("system.cpu", "system.proc.memory.rssMB", "system.jvm.threads"), keys);
    JsonNode cpu = series.get("system.cpu");
    assertEquals(6, cpu.size());
    List<String> fields = new ArrayList<>();
    cpu.get(0).fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of("minRuntime", "maxRuntime", "count", "min", "max", "last", "lastRuntime"), fields);
    long total = 0;
    double max = 0;
    for (JsonNode b : cpu) {
      total += b.get("count").asLong();
      max = Math.max(max, b.get("max").asDouble());
    }
    assertEquals(60, total);
    assertEquals(99.5, max, "the spike survives bucketing");
    assertEquals(1.0, cpu.get(0).get("minRuntime").asDouble());
    assertEquals(60.0, cpu.get(5).get("lastRuntime").asDouble());
    assertEquals(160.0, series.get("system.proc.memory.rssMB").get(5).get("last").asDouble());

    // keys picks series; an unknown one has no buckets; the default is one bucket per point here
    JsonNode picked = t.get(url("sys-read", "r1") + "?keys=system.jvm.threads,system.gpu.0.temp")
        .json().get("series");
    assertEquals(60, picked.get("system.jvm.threads").size());
    assertEquals(12, picked.get("system.jvm.threads").get(0).get("last").asLong());
    assertEquals(0, picked.get("system.gpu.0.temp").size());
    assertEquals(2, picked.size());
  }

  @Test
  void systemMetricsStayOutOfHistory() {
    run("sys-apart", "r1");
    String run = Endpoints.run("admin", "sys-apart", "r1");
    JsonNode rows = t.get(run + "/history").json().get("rows");
    assertEquals(3, rows.size(), "the history rows only");
    for (JsonNode row : rows) {
      row.fieldNames().forEachRemaining(k -> assertFalse(k.startsWith("system."), k));
    }
    assertEquals(0, t.get(run + "/history/sampled?key=system.cpu").json().get("buckets").size());
    JsonNode view = t.get(run).json();
    assertEquals(3, view.get("historyLength").asLong(), view.toString());
    assertFalse(view.get("summary").has("system.cpu"), view.toString());
    try (Database db = t.openDatabase()) {
      List<String> keys = db.read(s -> s.history().keys(runPk(s, "sys-apart", "r1")));
      assertEquals(List.of("_step", "_runtime", "_timestamp", "loss"), keys);
    }
  }

  @Test
  void deletedWithTheRun() {
    run("sys-delete", "r1");
    long pk;
    try (Database db = t.openDatabase()) {
      pk = db.read(s -> runPk(s, "sys-delete", "r1"));
      assertEquals(3, db.read(s -> s.system().keys(pk)).size());
    }
    assertEquals(204, t.delete(Endpoints.run("admin", "sys-delete", "r1")).status());
    assertEquals(404, t.get(url("sys-delete", "r1")).status());
    try (Database db = t.openDatabase()) {
      assertEquals(List.of(), db.read(s -> s.system().keys(pk)));
    }
  }

  @Test
  void badParametersAreNamed() {
    run("sys-bad", "r1");
    for (String[] c :
        new String[][] {
          {"?buckets=0", "buckets"},
          {"?buckets=10001", "buckets"},
          {"?buckets=abc", "buckets"},
          {"?keys=loss", "keys"},
          {"?keys=system.cpu,_step", "keys"},
        }) {
      TestServer.Response r = t.get(url("sys-bad", "r1") + c[0]);
      assertEquals(400, r.status(), c[0]);
      assertEquals("invalid_argument", r.errorCode(), c[0]);
      assertTrue(r.json().get("error").get("message").asText().startsWith(c[1]), r.text());
    }
    assertEquals(404, t.get(url("sys-bad", "nope")).status());
  }

  @Test
  void badSamplesAreRefusedWholeBatch() {
    assertEquals(200, t.upsert(TestServer.runStart("sys-invalid", "r1")).status());
    for (SystemSample bad :
        new SystemSample[] {
          sample(1, "cpu", 1.0), sample(-1, "system.cpu", 1.0), sample(1, "system.cpu", "high")
        }) {
      TestServer.Response r =
          t.ingest(
              "sys-invalid",
              "r1",
              TestServer.frames(1, TestServer.runRecord("sys-invalid", "r1"), bad));
      assertEquals(400, r.status(), r.text());
      assertEquals("invalid_record", r.errorCode(), r.text());
    }
    // a resumed writer's later samples go on in the same series, ordered by runtime
    TestServer.Response ok =
        t.ingest("sys-invalid", "r1", TestServer.frames(1,
            TestServer.runRecord("sys-invalid", "r1"), sample(2, "system.cpu", 2.0),
            sample(1, "system.cpu", 1.0)));
    assertEquals(200, ok.status(), ok.text());
    JsonNode cpu = t.get(url("sys-invalid", "r1")).json().get("series").get("system.cpu");
    assertEquals(2, cpu.size());
    assertEquals(1.0, cpu.get(0).get("minRuntime").asDouble());
    assertEquals(1.0, cpu.get(0).get("last").asDouble());
    assertEquals(2.0, cpu.get(1).get("last").asDouble());
  }

  private static long runPk(dev.vane.server.store.Stores s, String project, String id) {
    long projectId = s.projects().find("admin", project).orElseThrow().id();
    return s.runs().find(projectId, id).orElseThrow().pk();
  }
}
