package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.wire.Endpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume, fork and rewind through a real server: who may continue a run, where it continues, and
 * the exact history, summary, config and times each gives.
 */
class RunBranchTest {
  private static final String P = "branches";

  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static Map<String, Object> start(String id, String writer) {
    Map<String, Object> m = TestServer.runStart(P, id);
    m.put("writer", writer);
    return m;
  }

  private static RunStart record(String id, String writer) {
    return new RunStart(id, "admin", P, null, null, List.of(), null, null, Map.of(), 1.7e9, writer,
        "online");
  }

  /** A row at {@code step} whose loss is {@code 100 * generation + step}. */
  private static HistoryRow row(long step, int generation) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("_step", step);
    v.put("loss", 100.0 * generation + step);
    v.put("gen", (long) generation);
    return new HistoryRow(v);
  }

  /** Writes a whole log for a writer: its run record, rows from..to of a generation, an exit. */
  private void write(String id, String writer, long from, long to, int generation, Integer exit) {
    List<RecordPayload> records = new ArrayList<>();
    records.add(record(id, writer));
    for (long s = from; s <= to; s++) {
      records.add(row(s, generation));
    }
    if (exit != null) {
      records.add(new RunExit(exit, System.currentTimeMillis() / 1000.0, 1, null));
    }
    TestServer.Response r =
        t.ingest(P, id, TestServer.frames(1, records.toArray(RecordPayload[]::new)));
    assertEquals(200, r.status(), r.text());
  }

  /** Creates a run with rows 0..last of generation 1, finished. */
  private void finishedRun(String id, long last) {
    assertEquals(200, t.upsert(start(id, "w1")).status());
    write(id, "w1", 0, last, 1, 0);
  }

  private void assertHistory(String id, long[][] stepAndGeneration) {
    JsonNode rows = t.history(P, id);
    assertEquals(stepAndGeneration.length, rows.size(), rows.toString());
    for (int i = 0; i < stepAndGeneration.length; i++) {
      long step = stepAndGeneration[i][0];
      long gen = stepAndGeneration[i][1];
      JsonNode row = rows.get(i);
      assertEquals(step, row.get("_step").asLong(), "row " + i + ": " + row);
      assertEquals(gen, row.get("gen").asLong(), "row " + i + ": " + row);
      assertEquals(100.0 * gen + step, row.get("loss").asDouble(), "row " + i + ": " + row);
    }
  }

  private static long[][] steps(long from, long to, int generation) {
    long[][] out = new long[(int) (to - from + 1)][];
    for (long s = from; s <= to; s++) {
      out[(int) (s - from)] = new long[] {s, generation};
    }
    return out;
  }

  private static long[][] concat(long[][] a, long[][] b) {
    long[][] out = new long[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void resumeContinuesAtLastStepPlusOneWithConfigMergedAndSummaryKept() {
    finishedRun("r", 4);
    Map<String, Object> again = start("r", "w2");
    again.put("resume", "allow");
    again.put("config", Map.of("epochs", 20, "resumed", true));
    again.put("tags", List.of());
    JsonNode answer = t.upsert(again).json();
    assertTrue(answer.get("resumed").asBoolean(), answer.toString());
    assertFalse(answer.get("created").asBoolean());
    assertEquals(5, answer.get("startStep").asLong());
    assertEquals(0, answer.get("lastSeq").asLong(), "the new writer numbers its own log from 1");
    assertEquals(0.01, answer.get("config").get("learning_rate").asDouble());
    assertEquals(20, answer.get("config").get("epochs").asInt());
    assertEquals(104.0, answer.get("summary").get("loss").asDouble());

    JsonNode run = t.runAsOfNow(P, "r");
    assertEquals("running", run.get("state").asText());
    assertTrue(run.get("exitCode").isNull());
    assertTrue(run.get("finishedAt").isNull());
    assertTrue(run.get("config").get("resumed").asBoolean());

    write("r", "w2", 5, 7, 2, 0);
    assertHistory("r", concat(steps(0, 4, 1), steps(5, 7, 2)));
    run = t.runAsOfNow(P, "r");
    assertEquals("finished", run.get("state").asText());
    assertEquals(8, run.get("historyLength").asLong());
    assertEquals(207.0, run.get("summary").get("loss").asDouble());
  }

  @Test
  void theOldWriterIsRefusedOnceTheRunIsResumed() {
    finishedRun("taken", 1);
    Map<String, Object> again = start("taken", "w2");
    again.put("resume", "allow");
    assertEquals(200, t.upsert(again).status());
    byte[] body = TestServer.frames(1, record("taken", "w1"), row(2, 1));
    TestServer.Response old = ingestAs("taken", "w1", body);
    assertEquals(409, old.status());
    assertEquals("writer_replaced", old.json().get("error").get("code").asText());
    assertHistory("taken", steps(0, 1, 1));
    TestServer.Response now =
        ingestAs("taken", "w2", TestServer.frames(1, record("taken", "w2"), row(2, 2)));
    assertEquals(200, now.status(), now.text());
    assertHistory("taken", concat(steps(0, 1, 1), steps(2, 2, 2)));
  }

  private TestServer.Response ingestAs(String id, String writer, byte[] body) {
    return t.send(
        t.request(Endpoints.records("admin", P, id), t.adminKey)
            .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
            .header(Endpoints.WRITER_HEADER, writer)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  @Test
  void resumeModesFollowTheWandbTable() {
    finishedRun("exists", 1);
    Map<String, Object> never = start("exists", "w2");
    never.put("resume", "never");
    TestServer.Response r = t.upsert(never);
    assertEquals(409, r.status());
    assertEquals("run_exists", r.json().get("error").get("code").asText());

    Map<String, Object> plain = start("exists", "w3");
    r = t.upsert(plain);
    assertEquals(409, r.status());
    assertTrue(r.text().contains("resume"), r.text());

    Map<String, Object> must = start("missing", "w1");
    must.put("resume", "must");
    r = t.upsert(must);
    assertEquals(404, r.status(), r.text());
    assertTrue(r.text().contains("must"), r.text());
    assertEquals(404, t.get(Endpoints.run("admin", P, "missing")).status(), "nothing created");

    Map<String, Object> allow = start("fresh", "w1");
    allow.put("resume", "allow");
    JsonNode created = t.upsert(allow).json();
    assertTrue(created.get("created").asBoolean());
    assertFalse(created.get("resumed").asBoolean());
    assertEquals(0, created.get("startStep").asLong());

    Map<String, Object> neverFresh = start("fresh2", "w1");
    neverFresh.put("resume", "never");
    assertEquals(200, t.upsert(neverFresh).status());

    Map<String, Object> bad = start("x", "w1");
    bad.put("resume", "sometimes");
    r = t.upsert(bad);
    assertEquals(400, r.status());
    assertTrue(r.text().contains("resume"), r.text());
  }

  @Test
  void aSecondLiveWriterIsRefusedAndTheRunIsUnchanged() {
    assertEquals(200, t.upsert(start("live", "w1")).status());
    write("live", "w1", 0, 2, 1, null); // running, heartbeat now
    JsonNode before = t.run(P, "live");
    Map<String, Object> second = start("live", "w2");
    second.put("resume", "allow");
    TestServer.Response r = t.upsert(second);
    assertEquals(409, r.status());
    assertEquals("run_live", r.json().get("error").get("code").asText());
    assertTrue(r.text().contains("another process"), r.text());
    assertEquals(before, t.run(P, "live"));
    // The first writer goes on.
    TestServer.Response more = t.ingest(P, "live", TestServer.frames(5, row(3, 1)));
    assertEquals(200, more.status(), more.text());
  }

  @Test
  void forkSharesTheSourceHistoryUpToTheStepAndContinuesAfterIt() {
    finishedRun("src", 9);
    Map<String, Object> fork = start("fork", "w2");
    fork.put("branch", Map.of("kind", "fork", "run", "src", "step", 4));
    fork.put("config", Map.of("epochs", 5));
    JsonNode answer = t.upsert(fork).json();
    assertTrue(answer.get("created").asBoolean());
    assertTrue(answer.get("resumed").asBoolean());
    assertEquals(5, answer.get("startStep").asLong());
    assertEquals(104.0, answer.get("summary").get("loss").asDouble(), "recomputed at step 4");
    assertEquals(5, answer.get("config").get("epochs").asInt());
    assertEquals(0.01, answer.get("config").get("learning_rate").asDouble());

    JsonNode run = t.runAsOfNow(P, "fork");
    assertEquals("src", run.get("forkedFrom").get("run").asText());
    assertEquals(4, run.get("forkedFrom").get("step").asLong());
    assertEquals(5, run.get("historyLength").asLong());
    assertHistory("fork", steps(0, 4, 1));

    write("fork", "w2", 5, 6, 2, 0);
    assertHistory("fork", concat(steps(0, 4, 1), steps(5, 6, 2)));
    assertHistory("src", steps(0, 9, 1));
    run = t.runAsOfNow(P, "fork");
    assertEquals(7, run.get("historyLength").asLong());
    assertEquals(206.0, run.get("summary").get("loss").asDouble());

    // A row at a shared step is refused; nothing changes.
    Map<String, Object> again = start("fork", "w2");
    assertEquals(200, t.upsert(again).status());
    TestServer.Response bad = t.ingest(P, "fork", TestServer.frames(5, row(3, 3)));
    assertEquals(400, bad.status());
    assertTrue(bad.text().contains("branch step 4"), bad.text());
    assertHistory("fork", concat(steps(0, 4, 1), steps(5, 6, 2)));

    // Reads across the branch point: a key list, a step range, a limit, sampled buckets.
    JsonNode part =
        t.get(Endpoints.run("admin", P, "fork") + "/history?minStep=3&maxStep=5").json();
    assertEquals(3, part.get("rows").size(), part.toString());
    assertEquals(5, part.get("rows").get(2).get("_step").asLong());
    JsonNode sampled =
        t.get(Endpoints.run("admin", P, "fork") + "/history/sampled?key=loss&buckets=100").json();
    assertEquals(7, sampled.get("buckets").size(), sampled.toString());
    assertEquals(206.0, sampled.get("buckets").get(6).get("last").asDouble());
    JsonNode two =
        t.get(Endpoints.run("admin", P, "fork") + "/history/sampled?key=loss&buckets=2").json();
    double max = 0;
    long count = 0;
    for (JsonNode b : two.get("buckets")) {
      max = Math.max(max, b.get("max").asDouble());
      count += b.get("count").asLong();
    }
    assertEquals(7, count, two.toString());
    assertEquals(206.0, max);

    // The source is read by the fork: it cannot be deleted first.
    TestServer.Response del = t.delete(Endpoints.run("admin", P, "src"));
    assertEquals(409, del.status());
    assertEquals("run_has_branches", del.json().get("error").get("code").asText());
    assertHistory("src", steps(0, 9, 1));
    assertEquals(204, t.delete(Endpoints.run("admin", P, "fork")).status());
    assertEquals(204, t.delete(Endpoints.run("admin", P, "src")).status());
  }

  @Test
  void forkOfAForkFollowsTheChain() {
    finishedRun("a", 9);
    Map<String, Object> b = start("b", "w2");
    b.put("branch", Map.of("kind", "fork", "run", "a", "step", 5));
    assertEquals(200, t.upsert(b).status());
    write("b", "w2", 6, 9, 2, 0);
    Map<String, Object> c = start("c", "w3");
    c.put("branch", Map.of("kind", "fork", "run", "b", "step", 7));
    assertEquals(8, t.upsert(c).json().get("startStep").asLong());
    write("c", "w3", 8, 8, 3, 0);
    assertHistory("c", concat(concat(steps(0, 5, 1), steps(6, 7, 2)), steps(8, 8, 3)));
    assertEquals(9, t.runAsOfNow(P, "c").get("historyLength").asLong());
  }

  @Test
  void forkNeedsAnExistingSourceAndANewId() {
    finishedRun("s", 2);
    Map<String, Object> missing = start("f", "w2");
    missing.put("branch", Map.of("kind", "fork", "run", "nope", "step", 1));
    TestServer.Response r = t.upsert(missing);
    assertEquals(404, r.status());
    assertTrue(r.text().contains("fork source"), r.text());
    Map<String, Object> self = start("s", "w2");
    self.put("branch", Map.of("kind", "fork", "run", "s", "step", 1));
    r = t.upsert(self);
    assertEquals(400, r.status());
    assertTrue(r.text().contains("rewind"), r.text());
    Map<String, Object> both = start("f", "w2");
    both.put("branch", Map.of("kind", "fork", "run", "s", "step", 1));
    both.put("resume", "allow");
    assertEquals(400, t.upsert(both).status());
  }

  @Test
  void forkSummaryFollowsMetricDefinitions() {
    assertEquals(200, t.upsert(start("m", "w1")).status());
    List<RecordPayload> records = new ArrayList<>();
    records.add(record("m", "w1"));
    records.add(new MetricDefinition("loss", null, List.of("min", "max"), false));
    for (long s = 0; s <= 5; s++) {
      records.add(new HistoryRow(Map.of("_step", s, "loss", (double) ((s * 7) % 5))));
    }
    records.add(new RunExit(0, 1.7e9, 1, null));
    assertEquals(
        200, t.ingest(P, "m", TestServer.frames(1, records.toArray(RecordPayload[]::new))).status());
    Map<String, Object> fork = start("mf", "w2");
    fork.put("branch", Map.of("kind", "fork", "run", "m", "step", 2));
    JsonNode summary = t.upsert(fork).json().get("summary");
    // loss at steps 0..2: 0, 2, 4
    assertEquals(0.0, summary.get("loss").get("min").asDouble(), summary.toString());
    assertEquals(4.0, summary.get("loss").get("max").asDouble(), summary.toString());
  }

  @Test
  void rewindArchivesTheOriginalAndContinuesTheSameIdAfterTheStep() {
    finishedRun("rw", 9);
    Map<String, Object> rewind = start("rw", "w2");
    rewind.put("branch", Map.of("kind", "rewind", "run", "rw", "step", 3));
    JsonNode answer = t.upsert(rewind).json();
    assertFalse(answer.get("created").asBoolean());
    assertTrue(answer.get("resumed").asBoolean());
    assertEquals(4, answer.get("startStep").asLong());
    assertEquals(103.0, answer.get("summary").get("loss").asDouble());

    JsonNode run = t.runAsOfNow(P, "rw");
    assertEquals("running", run.get("state").asText());
    assertEquals("rw~1", run.get("forkedFrom").get("run").asText());
    assertEquals(3, run.get("forkedFrom").get("step").asLong());
    assertFalse(run.get("archived").asBoolean());
    assertEquals(4, run.get("historyLength").asLong());
    assertHistory("rw", steps(0, 3, 1));

    JsonNode original = t.runAsOfNow(P, "rw~1");
    assertTrue(original.get("archived").asBoolean());
    assertEquals("finished", original.get("state").asText());
    assertEquals(10, original.get("historyLength").asLong());
    assertHistory("rw~1", steps(0, 9, 1));

    write("rw", "w2", 4, 5, 2, 0);
    assertHistory("rw", concat(steps(0, 3, 1), steps(4, 5, 2)));
    assertHistory("rw~1", steps(0, 9, 1));

    // Listed once, without the archived original.
    JsonNode list = t.get("/api/v1/runs/admin/" + P).json().get("runs");
    List<String> ids = new ArrayList<>();
    list.forEach(r -> ids.add(r.get("id").asText()));
    assertEquals(List.of("rw"), ids);

    // A second rewind archives as rw~2, reading rw~1's rows through rw's.
    Map<String, Object> second = start("rw", "w3");
    second.put("branch", Map.of("kind", "rewind", "run", "rw", "step", 4));
    assertEquals(5, t.upsert(second).json().get("startStep").asLong());
    assertEquals("rw~2", t.runAsOfNow(P, "rw").get("forkedFrom").get("run").asText());
    assertHistory("rw", concat(steps(0, 3, 1), steps(4, 4, 2)));

    // Deleting the run takes its archived originals along.
    assertEquals(204, t.delete(Endpoints.run("admin", P, "rw")).status());
    assertEquals(404, t.get(Endpoints.run("admin", P, "rw~1")).status());
    assertEquals(404, t.get(Endpoints.run("admin", P, "rw~2")).status());
  }

  @Test
  void rewindOfALiveOrMissingRunIsRefused() {
    Map<String, Object> missing = start("ghost", "w2");
    missing.put("branch", Map.of("kind", "rewind", "run", "ghost", "step", 3));
    assertEquals(404, t.upsert(missing).status());
    assertEquals(200, t.upsert(start("busy", "w1")).status());
    write("busy", "w1", 0, 3, 1, null);
    Map<String, Object> rewind = start("busy", "w2");
    rewind.put("branch", Map.of("kind", "rewind", "run", "busy", "step", 1));
    TestServer.Response r = t.upsert(rewind);
    assertEquals(409, r.status());
    assertEquals("run_live", r.json().get("error").get("code").asText());
    assertHistory("busy", steps(0, 3, 1));
    assertEquals(404, t.get(Endpoints.run("admin", P, "busy~1")).status());
  }

  @Test
  void durationLeavesOutTheGapBeforeAResume() {
    double now = System.currentTimeMillis() / 1000.0;
    Map<String, Object> first = start("gap", "w1");
    first.put("startTime", now - 100);
    assertEquals(200, t.upsert(first).status());
    TestServer.Response r =
        t.ingest(
            P,
            "gap",
            TestServer.frames(1, record("gap", "w1"), row(0, 1), new RunExit(0, now - 90, 10, null)));
    assertEquals(200, r.status(), r.text());
    JsonNode ended = t.runAsOfNow(P, "gap");
    assertEquals(10.0, ended.get("durationSeconds").asDouble(), 0.01);

    Map<String, Object> again = start("gap", "w2");
    again.put("resume", "must");
    JsonNode answer = t.upsert(again).json();
    assertEquals(10.0, answer.get("liveSeconds").asDouble(), 0.01);
    JsonNode resumed = t.runAsOfNow(P, "gap");
    assertEquals(10.0, resumed.get("durationSeconds").asDouble(), 2.0, "10 s before, ~0 since");
    assertEquals(100.0, resumed.get("runtimeSeconds").asDouble(), 2.0, "wall clock since start");
  }
}
