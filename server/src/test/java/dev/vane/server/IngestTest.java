package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST .../records}: effects, idempotence, gaps, corrupt batches, value types. */
class IngestTest {
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

  static HistoryRow row(long step, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("_step", step);
    m.put("_runtime", 0.5 * (step + 1));
    m.put("_timestamp", 1795793230.0 + step);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new HistoryRow(m);
  }

  /** Creates the run and returns its project (one project per test keeps tests apart). */
  static String newRun(String project) {
    assertEquals(200, t.upsert(TestServer.runStart(project, "r1")).status());
    return project;
  }

  /** The run's JSON without the times every accepted request moves. */
  static JsonNode stable(JsonNode run) {
    ObjectNode copy = run.deepCopy();
    copy.remove("updatedAt");
    copy.remove("heartbeatAt");
    return copy;
  }

  static RecordPayload[] fullRun(String project) {
    return new RecordPayload[] {
      TestServer.runRecord(project, "r1"),
      new ConfigUpdate(Map.of("batch_size", 32)),
      row(0, "loss", 0.9, "accuracy", 0.5),
      row(1, "loss", 0.5, "accuracy", 0.8),
      row(2, "loss", 0.1, "accuracy", 0.95),
      new SummaryUpdate(Map.of("best", 0.95), List.of()),
      new RunExit(0, 1795793240.25, 10.0, null)
    };
  }

  @Test
  void appliesABatch() {
    String p = newRun("in-apply");
    TestServer.Response r = t.ingest(p, "r1", TestServer.frames(1, fullRun(p)));
    assertEquals(200, r.status(), r.text());
    assertEquals(7, r.json().get("lastSeq").asLong());
    assertEquals(7, r.json().get("applied").asInt());
    assertFalse(r.json().get("stopped").asBoolean());

    JsonNode run = t.run(p, "r1");
    assertEquals("finished", run.get("state").asText());
    assertEquals(0, run.get("exitCode").asInt());
    assertEquals("2026-11-27T15:27:20.250Z", run.get("finishedAt").asText());
    assertEquals(3, run.get("historyLength").asLong());
    assertEquals(32, run.get("config").get("batch_size").asInt());
    assertEquals(10, run.get("config").get("epochs").asInt(), "config merges");
    assertEquals(0.1, run.get("summary").get("loss").asDouble());
    assertEquals(0.95, run.get("summary").get("accuracy").asDouble());
    assertEquals(0.95, run.get("summary").get("best").asDouble());
    assertFalse(run.get("summary").has("_step"), "underscore keys are not summarised");

    JsonNode rows = t.history(p, "r1");
    assertEquals(3, rows.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, rows.get(i).get("_step").asLong());
      assertTrue(rows.get(i).has("_runtime"));
      assertTrue(rows.get(i).has("_timestamp"));
    }
    assertEquals(0.5, rows.get(1).get("loss").asDouble());
  }

  @Test
  void sameBatchTwiceChangesNothing() throws Exception {
    String p = newRun("in-twice");
    byte[] batch = TestServer.frames(1, fullRun(p));
    t.ingest(p, "r1", batch);
    JsonNode run = t.run(p, "r1");
    JsonNode history = t.history(p, "r1");
    Thread.sleep(5); // so a moved heartbeat shows
    TestServer.Response again = t.ingest(p, "r1", batch);
    assertEquals(200, again.status());
    assertEquals(7, again.json().get("lastSeq").asLong());
    assertEquals(0, again.json().get("applied").asInt());
    JsonNode after = t.run(p, "r1");
    assertEquals(stable(run), stable(after));
    assertEquals(history, t.history(p, "r1"));
    assertNotEquals(
        run.get("heartbeatAt"), after.get("heartbeatAt"), "a retry is still a heartbeat");
  }

  @Test
  void overlappingBatchAppliesOnlyTheNewFrames() {
    String p = newRun("in-overlap");
    RecordPayload[] all = fullRun(p);
    t.ingest(p, "r1", TestServer.frames(1, Arrays.copyOfRange(all, 0, 4)));
    TestServer.Response r = t.ingest(p, "r1", TestServer.frames(3, Arrays.copyOfRange(all, 2, 7)));
    assertEquals(200, r.status(), r.text());
    assertEquals(7, r.json().get("lastSeq").asLong());
    assertEquals(3, r.json().get("applied").asInt());
    assertEquals(3, t.history(p, "r1").size());
    assertEquals(3, t.run(p, "r1").get("historyLength").asLong());
  }

  @Test
  void gapIs409WithLastSeqAndAppliesNothing() {
    String p = newRun("in-gap");
    RecordPayload[] all = fullRun(p);
    t.ingest(p, "r1", TestServer.frames(1, all[0], all[1]));
    JsonNode before = stable(t.run(p, "r1"));
    TestServer.Response r = t.ingest(p, "r1", TestServer.frames(5, all[4], all[5]));
    assertEquals(409, r.status());
    assertEquals("sequence_gap", r.errorCode());
    assertEquals(2, r.json().get("lastSeq").asLong());
    assertEquals(before, stable(t.run(p, "r1")));
    assertEquals(0, t.history(p, "r1").size());
  }

  @Test
  void flippedByteRejectsTheWholeBatch() {
    String p = newRun("in-corrupt");
    byte[] batch = TestServer.frames(1, fullRun(p));
    JsonNode before = t.run(p, "r1");
    byte[] bad = batch.clone();
    bad[bad.length / 2] ^= 0x01; // inside a later frame: earlier frames are valid but not applied
    TestServer.Response r = t.ingest(p, "r1", bad);
    assertEquals(400, r.status());
    assertEquals("invalid_frames", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().contains("offset"));
    assertEquals(before, t.run(p, "r1"), "nothing applied, not even the heartbeat");
    assertEquals(0, t.history(p, "r1").size());

    byte[] torn = Arrays.copyOf(batch, batch.length - 3);
    assertEquals("invalid_frames", t.ingest(p, "r1", torn).errorCode());
    assertEquals(before, t.run(p, "r1"));
  }

  @Test
  void undecodableRecordRejectsTheWholeBatch() {
    String p = newRun("in-bad-record");
    JsonNode before = t.run(p, "r1");
    byte[] good = TestServer.frames(1, TestServer.runRecord(p, "r1"), row(0, "loss", 1.0));
    byte[] notJson = FrameCodec.encode(3, 3, "{not json".getBytes(StandardCharsets.UTF_8));
    byte[] batch = concat(good, notJson);
    TestServer.Response r = t.ingest(p, "r1", batch);
    assertEquals(400, r.status());
    assertEquals("invalid_record", r.errorCode());
    assertEquals(before, t.run(p, "r1"));

    HistoryRow noStep = new HistoryRow(Map.of("loss", 1.0));
    r =
        t.ingest(
            p,
            "r1",
            TestServer.frames(1, TestServer.runRecord(p, "r1"), row(0, "loss", 1.0), noStep));
    assertEquals("invalid_record", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().contains("_step"));
    assertEquals(before, t.run(p, "r1"));
    assertEquals(0, t.history(p, "r1").size());

    r = t.ingest(p, "r1", TestServer.frames(1, TestServer.runRecord(p, "other-run")));
    assertEquals("invalid_record", r.errorCode());
    assertEquals(before, t.run(p, "r1"));
  }

  @Test
  void nanAndInfinityComeBackAsStrings() {
    String p = newRun("in-nan");
    t.ingest(
        p,
        "r1",
        TestServer.frames(
            1,
            TestServer.runRecord(p, "r1"),
            row(
                0,
                "nan",
                Double.NaN,
                "inf",
                Double.POSITIVE_INFINITY,
                "ninf",
                Double.NEGATIVE_INFINITY,
                "text",
                "NaN"),
            new ConfigUpdate(Map.of("eps", Double.NaN))));
    JsonNode row = t.history(p, "r1").get(0); // parsed by a strict parser: no bare NaN
    assertEquals("NaN", row.get("nan").asText());
    assertTrue(row.get("nan").isTextual());
    assertEquals("Infinity", row.get("inf").asText());
    assertEquals("-Infinity", row.get("ninf").asText());
    assertEquals("NaN", row.get("text").asText());
    JsonNode run = t.run(p, "r1");
    assertEquals("NaN", run.get("summary").get("nan").asText());
    assertEquals("-Infinity", run.get("summary").get("ninf").asText());
    assertEquals("NaN", run.get("config").get("eps").asText());
  }

  @Test
  void valuesKeepTheirTypes() {
    String p = newRun("in-types");
    t.ingest(
        p,
        "r1",
        TestServer.frames(
            1,
            TestServer.runRecord(p, "r1"),
            row(0, "flag", true, "label", "cat", "count", 3, "big", 12345678901L, "ratio", 2.0)));
    JsonNode row = t.history(p, "r1").get(0);
    assertTrue(row.get("flag").isBoolean());
    assertTrue(row.get("flag").asBoolean());
    assertTrue(row.get("label").isTextual());
    assertEquals("cat", row.get("label").asText());
    assertTrue(row.get("count").isIntegralNumber());
    assertEquals(3, row.get("count").asInt());
    assertEquals(12345678901L, row.get("big").asLong());
    assertTrue(row.get("ratio").isFloatingPointNumber(), "2.0 stays a float");
    JsonNode summary = t.run(p, "r1").get("summary");
    assertTrue(summary.get("flag").isBoolean());
    assertEquals("cat", summary.get("label").asText());
  }

  @Test
  void summaryIsTheLastWriteOfRowsAndSummaryUpdates() {
    String p = newRun("in-summary");
    t.ingest(
        p,
        "r1",
        TestServer.frames(
            1,
            TestServer.runRecord(p, "r1"),
            row(0, "a", 1, "b", 1),
            new SummaryUpdate(Map.of("a", 10, "explicit", "yes"), List.of()),
            row(1, "b", 2)));
    JsonNode summary = t.run(p, "r1").get("summary");
    assertEquals(10, summary.get("a").asInt(), "set after the last row of a");
    assertEquals(2, summary.get("b").asInt());
    assertEquals("yes", summary.get("explicit").asText());

    t.ingest(
        p,
        "r1",
        TestServer.frames(
            5, row(2, "a", 3), new SummaryUpdate(Map.of(), List.of("b", "explicit"))));
    summary = t.run(p, "r1").get("summary");
    assertEquals(3, summary.get("a").asInt(), "logging again overrides the explicit value");
    assertFalse(summary.has("b"));
    assertFalse(summary.has("explicit"));
  }

  @Test
  void nonZeroExitIsFailed() {
    String p = newRun("in-failed");
    t.ingest(
        p,
        "r1",
        TestServer.frames(1, TestServer.runRecord(p, "r1"), new RunExit(3, 0, 1.0, "boom")));
    JsonNode run = t.run(p, "r1");
    assertEquals("failed", run.get("state").asText());
    assertEquals(3, run.get("exitCode").asInt());
    assertTrue(run.get("finishedAt").isTextual(), "endTime 0 falls back to the server's time");
  }

  @Test
  void emptyBodyIsAHeartbeat() throws Exception {
    String p = newRun("in-heartbeat");
    JsonNode before = t.run(p, "r1");
    Thread.sleep(5);
    TestServer.Response r = t.ingest(p, "r1", new byte[0]);
    assertEquals(200, r.status(), r.text());
    assertEquals(0, r.json().get("lastSeq").asLong());
    assertEquals(0, r.json().get("applied").asInt());
    JsonNode after = t.run(p, "r1");
    assertEquals(stable(before), stable(after));
    assertNotEquals(before.get("heartbeatAt"), after.get("heartbeatAt"));
  }

  @Test
  void unknownRecordTypesCountButDoNothing() {
    String p = newRun("in-unknown");
    JsonNode before = stable(t.run(p, "r1"));
    byte[] batch =
        concat(
            TestServer.frames(1, TestServer.runRecord(p, "r1")),
            FrameCodec.encode(99, 2, "{\"future\":true}".getBytes(StandardCharsets.UTF_8)));
    TestServer.Response r = t.ingest(p, "r1", batch);
    assertEquals(200, r.status(), r.text());
    assertEquals(2, r.json().get("applied").asInt());
    assertEquals(2, r.json().get("lastSeq").asLong());
    assertEquals(before, stable(t.run(p, "r1")));
  }

  @Test
  void rowsOfTheSameStepMerge() {
    String p = newRun("in-merge");
    t.ingest(p, "r1", TestServer.frames(1, TestServer.runRecord(p, "r1"), row(0, "a", 1)));
    t.ingest(p, "r1", TestServer.frames(3, row(0, "b", 2), row(1, "a", 3)));
    JsonNode rows = t.history(p, "r1");
    assertEquals(2, rows.size());
    assertEquals(1, rows.get(0).get("a").asInt());
    assertEquals(2, rows.get(0).get("b").asInt());
    assertEquals(2, t.run(p, "r1").get("historyLength").asLong());
  }

  @Test
  void wrongContentTypeAndUnknownRunAreRefused() {
    String p = newRun("in-refused");
    JsonNode before = t.run(p, "r1");
    TestServer.Response r =
        t.send(
            t.request(Endpoints.records("admin", p, "r1"), t.adminKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        TestServer.frames(1, TestServer.runRecord(p, "r1"))))
                .build());
    assertEquals(415, r.status());
    assertEquals("unsupported_media_type", r.errorCode());
    assertEquals(before, t.run(p, "r1"));
    TestServer.Response missing =
        t.ingest(p, "nope", TestServer.frames(1, TestServer.runRecord(p, "nope")));
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.errorCode());
  }

  @Test
  void concurrentRetriesApplyEachRecordOnce() throws Exception {
    String p = newRun("in-concurrent");
    byte[] batch = TestServer.frames(1, fullRun(p));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<TestServer.Response>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> t.ingest(p, "r1", batch)));
      }
      int applied = 0;
      for (var a : answers) {
        TestServer.Response r = a.get();
        assertEquals(200, r.status(), r.text());
        assertEquals(7, r.json().get("lastSeq").asLong());
        applied += r.json().get("applied").asInt();
      }
      assertEquals(7, applied, "each record applied by exactly one request");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(3, t.history(p, "r1").size());
    assertEquals(3, t.run(p, "r1").get("historyLength").asLong());
  }

  @Test
  void concurrentUpsertsCreateOneRun() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<TestServer.Response>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> t.upsert(TestServer.runStart("in-concurrent-upsert", "r1"))));
      }
      int created = 0;
      Set<String> names = new HashSet<>();
      for (var a : answers) {
        TestServer.Response r = a.get();
        assertEquals(200, r.status(), r.text());
        created += r.json().get("created").asBoolean() ? 1 : 0;
        names.add(r.json().get("name").asText());
      }
      assertEquals(1, created);
      assertEquals(1, names.size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void metricDefinitionsAreKeptAndLeaveAggregatedSummariesToTheWriter() {
    String p = newRun("in-metrics");
    TestServer.Response r = t.ingest(p, "r1", TestServer.frames(1,
        TestServer.runRecord(p, "r1"),
        new MetricDefinition("loss", null, List.of("min"), false),
        new MetricDefinition("val/*", "epoch", List.of(), true),
        row(0, "loss", 0.5, "val/acc", 0.7, "epoch", 0),
        new SummaryUpdate(Map.of("loss", Map.of("min", 0.5)), List.of()),
        row(1, "loss", 0.9, "val/acc", 0.8, "epoch", 1)));
    assertEquals(200, r.status(), r.text());
    JsonNode run = t.run(p, "r1");
    assertEquals(0.5, run.get("summary").get("loss").get("min").asDouble(),
        "a row does not overwrite an aggregated summary: " + run.get("summary"));
    assertEquals(0.8, run.get("summary").get("val/acc").asDouble(), "globs without aggregates");
    JsonNode metrics = run.get("metrics");
    assertEquals(2, metrics.size());
    assertEquals("loss", metrics.get(0).get("name").asText());
    assertEquals("min", metrics.get(0).get("summary").get(0).asText());
    assertTrue(metrics.get(0).get("stepMetric").isNull());
    assertEquals("val/*", metrics.get(1).get("name").asText());
    assertEquals("epoch", metrics.get(1).get("stepMetric").asText());
    assertTrue(metrics.get(1).get("hidden").asBoolean());
  }

  @Test
  void metricDefinitionWithoutANameIsRejectedAndNothingApplied() {
    String p = newRun("in-metric-bad");
    JsonNode before = stable(t.run(p, "r1"));
    TestServer.Response r = t.ingest(p, "r1", TestServer.frames(1,
        TestServer.runRecord(p, "r1"),
        row(0, "loss", 0.5),
        new MetricDefinition("", null, List.of("min"), false)));
    assertEquals(400, r.status(), r.text());
    assertEquals("invalid_record", r.json().get("error").get("code").asText());
    assertEquals(before, stable(t.run(p, "r1")));
  }
}
