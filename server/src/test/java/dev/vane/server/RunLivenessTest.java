package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run liveness through a real server: crashes (marked by a {@link HeartbeatMonitor} with a clock
 * set ahead, as another server process would), coming back from a crash, stop, killed, runtime
 * and duration.
 */
class RunLivenessTest {
  /** The start time of the runs here, in Unix seconds. */
  private static final double START = 1.7e9;

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

  private void createRun(String project, String id) {
    Map<String, Object> start = TestServer.runStart(project, id);
    start.put("startTime", START);
    assertEquals(200, t.upsert(start).status());
    assertEquals(
        200,
        t.ingest(project, id, TestServer.frames(1, TestServer.runRecord(project, id))).status());
  }

  /** Sweeps as if the clock were {@code ahead} later, with a one-minute crash timeout. */
  private int sweepAhead(Duration ahead) {
    try (Database db = t.openDatabase()) {
      HeartbeatMonitor monitor =
          new HeartbeatMonitor(
              db, Duration.ofMinutes(1), Clock.offset(Clock.systemUTC(), ahead));
      return monitor.sweep();
    }
  }

  private TestServer.Response stopRun(String project, String id, String key) {
    return t.send(
        t.request(Endpoints.run("admin", project, id) + "/stop", key)
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
            .build());
  }

  @Test
  void aSilentRunIsMarkedCrashedAndComesBackWhenItSpeaks() {
    createRun("live", "r1");
    assertEquals(0, sweepAhead(Duration.ofSeconds(30)), "30 s of silence is not a crash");
    assertEquals("running", t.run("live", "r1").get("state").asText());

    assertEquals(1, sweepAhead(Duration.ofMinutes(2)));
    JsonNode crashed = t.run("live", "r1");
    assertEquals("crashed", crashed.get("state").asText());
    assertTrue(crashed.get("finishedAt").isNull());
    assertEquals(0, sweepAhead(Duration.ofMinutes(2)), "a crashed run is marked once");

    TestServer.Response heartbeat = t.ingest("live", "r1", new byte[0]);
    assertEquals(200, heartbeat.status(), heartbeat.text());
    assertEquals("running", t.run("live", "r1").get("state").asText());
  }

  @Test
  void aCrashedRunWhoseExitRecordArrivesEndsAsTheRecordSays() {
    createRun("live", "ok");
    createRun("live", "bad");
    assertEquals(2, sweepAhead(Duration.ofMinutes(2)));
    t.ingest("live", "ok", TestServer.frames(2, new RunExit(0, START + 10, 10, null)));
    t.ingest("live", "bad", TestServer.frames(2, new RunExit(3, START + 10, 10, "boom")));
    assertEquals("finished", t.run("live", "ok").get("state").asText());
    JsonNode bad = t.run("live", "bad");
    assertEquals("failed", bad.get("state").asText());
    assertEquals(3, bad.get("exitCode").asInt());
  }

  @Test
  void stopSetsTheFlagIngestAnswersItAndExit255EndsKilled() {
    createRun("stop", "r1");
    JsonNode before = t.run("stop", "r1");
    assertFalse(before.get("stopped").asBoolean());
    assertFalse(t.ingest("stop", "r1", new byte[0]).json().get("stopped").asBoolean());

    TestServer.Response stopped = stopRun("stop", "r1", t.adminKey);
    assertEquals(200, stopped.status(), stopped.text());
    assertTrue(stopped.json().get("stopped").asBoolean());
    assertEquals("running", stopped.json().get("state").asText());
    assertEquals(200, stopRun("stop", "r1", t.adminKey).status(), "stopping again is harmless");

    JsonNode answer = t.ingest("stop", "r1", new byte[0]).json();
    assertTrue(answer.get("stopped").asBoolean(), answer.toString());
    answer =
        t.ingest("stop", "r1", TestServer.frames(2, new RunExit(255, START + 5, 5, null))).json();
    assertTrue(answer.get("stopped").asBoolean(), answer.toString());
    JsonNode killed = t.run("stop", "r1");
    assertEquals("killed", killed.get("state").asText());
    assertEquals(255, killed.get("exitCode").asInt());
    assertTrue(killed.get("stopped").asBoolean());

    TestServer.Response again = stopRun("stop", "r1", t.adminKey);
    assertEquals(409, again.status());
    assertEquals("run_ended", again.errorCode());
    assertTrue(
        again.json().path("error").path("message").asText().contains("killed"), again.text());
  }

  @Test
  void exit255IsKilledEvenWithoutAStopAndOtherCodesFail() {
    createRun("codes", "sigterm");
    createRun("codes", "one");
    t.ingest("codes", "sigterm", TestServer.frames(2, new RunExit(255, START + 1, 1, null)));
    t.ingest("codes", "one", TestServer.frames(2, new RunExit(1, START + 1, 1, "boom")));
    assertEquals("killed", t.run("codes", "sigterm").get("state").asText());
    assertFalse(t.run("codes", "sigterm").get("stopped").asBoolean());
    assertEquals("failed", t.run("codes", "one").get("state").asText());
  }

  @Test
  void stoppingAFinishedOrFailedRunIs409() {
    createRun("ended", "ok");
    createRun("ended", "bad");
    t.ingest("ended", "ok", TestServer.frames(2, new RunExit(0, START + 1, 1, null)));
    t.ingest("ended", "bad", TestServer.frames(2, new RunExit(2, START + 1, 1, null)));
    TestServer.Response ok = stopRun("ended", "ok", t.adminKey);
    assertEquals(409, ok.status());
    assertEquals("run_ended", ok.errorCode());
    assertTrue(ok.json().path("error").path("message").asText().contains("finished"), ok.text());
    TestServer.Response bad = stopRun("ended", "bad", t.adminKey);
    assertEquals(409, bad.status());
    assertTrue(bad.json().path("error").path("message").asText().contains("failed"), bad.text());
    assertFalse(t.run("ended", "ok").get("stopped").asBoolean());
  }

  @Test
  void aCrashedRunMayBeStopped() {
    createRun("ended", "c");
    assertEquals(1, sweepAhead(Duration.ofMinutes(2)));
    assertEquals(200, stopRun("ended", "c", t.adminKey).status());
    assertTrue(t.ingest("ended", "c", new byte[0]).json().get("stopped").asBoolean());
  }

  @Test
  void stopNeedsAKeyAccessAndAnExistingRun() {
    createRun("guard", "r1");
    String bob = t.createUser("bob");
    TestServer.Response noKey = stopRun("guard", "r1", null);
    assertEquals(401, noKey.status());
    assertEquals("unauthorized", noKey.errorCode());
    TestServer.Response other = stopRun("guard", "r1", bob);
    assertEquals(403, other.status());
    assertEquals("forbidden", other.errorCode());
    TestServer.Response missing = stopRun("guard", "nope", t.adminKey);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.errorCode());
    assertFalse(t.run("guard", "r1").get("stopped").asBoolean());
  }

  private TestServer.Response askStopped(String project, String id, String key) {
    return t.get(Endpoints.run("admin", project, id) + "/stop", key);
  }

  private TestServer.Response replay(String project, String id, String query, byte[] body) {
    return t.send(
        t.request(Endpoints.records("admin", project, id) + query, t.adminKey)
            .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private static HistoryRow row(int step) {
    return new HistoryRow(Map.of("_step", step, "loss", 1.0 / (step + 1)));
  }

  @Test
  void getStopAnswersTheFlagAndIsNoHeartbeat() throws InterruptedException {
    createRun("ask", "r1");
    JsonNode before = t.run("ask", "r1");
    Thread.sleep(20); // a write now would show as a later heartbeatAt or updatedAt
    TestServer.Response asked = askStopped("ask", "r1", t.adminKey);
    assertEquals(200, asked.status(), asked.text());
    assertEquals("{\"stopped\":false}", asked.json().toString());
    assertEquals(before, t.run("ask", "r1"), "asking writes nothing, no heartbeat either");

    assertEquals(200, stopRun("ask", "r1", t.adminKey).status());
    assertTrue(askStopped("ask", "r1", t.adminKey).json().get("stopped").asBoolean());
  }

  @Test
  void getStopNeedsAKeyAccessAndAnExistingRun() {
    createRun("ask", "r1");
    String bob = t.createUser("bob");
    TestServer.Response noKey = askStopped("ask", "r1", null);
    assertEquals(401, noKey.status());
    assertEquals("unauthorized", noKey.errorCode());
    TestServer.Response other = askStopped("ask", "r1", bob);
    assertEquals(403, other.status());
    assertEquals("forbidden", other.errorCode());
    TestServer.Response missing = askStopped("ask", "nope", t.adminKey);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.errorCode());
    TestServer.Response noProject = askStopped("nowhere", "r1", t.adminKey);
    assertEquals(404, noProject.status());
    assertEquals("not_found", noProject.errorCode());
  }

  @Test
  void aRunFirstSeenThroughASyncEndsAtItsLastRecordNotAtTheSync() throws Exception {
    double start = System.currentTimeMillis() / 1000.0 - 600; // logged offline ten minutes ago
    Map<String, Object> body = TestServer.runStart("offline", "o1");
    body.put("startTime", start);
    body.put("mode", "offline");
    TestServer.Response created =
        t.postJson(
            Endpoints.RUNS + "?replay=true",
            t.adminKey,
            dev.vane.protocol.VaneJson.records().writeValueAsString(body));
    assertEquals(200, created.status(), created.text());
    byte[] frames =
        TestServer.frames(
            1,
            TestServer.runRecord("offline", "o1"),
            new HistoryRow(Map.of("_step", 0, "_timestamp", start + 30)),
            new HistoryRow(Map.of("_step", 1, "_timestamp", start + 42.5)));
    assertEquals(200, replay("offline", "o1", "?final=true", frames).status());
    JsonNode run = t.run("offline", "o1");
    assertEquals("crashed", run.get("state").asText());
    assertEquals(42.5, run.get("runtimeSeconds").asDouble(), 0.002, "to the last row, not now");
    assertEquals(42.5, run.get("durationSeconds").asDouble(), 0.002);
  }

  @Test
  void aReplayIsNoHeartbeatAndLeavesACrashedRunCrashed() throws InterruptedException {
    createRun("sync", "r1");
    assertEquals(1, sweepAhead(Duration.ofMinutes(2)));
    JsonNode crashed = t.run("sync", "r1");
    Thread.sleep(20);
    TestServer.Response r = replay("sync", "r1", "?replay=true", TestServer.frames(2, row(0)));
    assertEquals(200, r.status(), r.text());
    JsonNode after = t.run("sync", "r1");
    assertEquals("crashed", after.get("state").asText());
    assertEquals(1, after.get("historyLength").asInt());
    assertEquals(crashed.get("heartbeatAt"), after.get("heartbeatAt"));
    assertEquals(crashed.get("runtimeSeconds"), after.get("runtimeSeconds"));
  }

  @Test
  void theFinalRequestOfAReplayCrashesARunLeftWithoutAnExitRecord() throws InterruptedException {
    createRun("sync", "alive"); // running: its writer died before the crash timeout
    JsonNode before = t.run("sync", "alive");
    Thread.sleep(20);
    TestServer.Response r =
        replay("sync", "alive", "?final=true", TestServer.frames(2, row(0), row(1)));
    assertEquals(200, r.status(), r.text());
    JsonNode after = t.run("sync", "alive");
    assertEquals("crashed", after.get("state").asText());
    assertEquals(2, after.get("historyLength").asInt());
    assertEquals(before.get("heartbeatAt"), after.get("heartbeatAt"), "the writer's last sign");
    assertTrue(after.get("finishedAt").isNull());

    // Synced again: nothing new, so nothing written at all (updatedAt included).
    Thread.sleep(20);
    assertEquals(200, replay("sync", "alive", "?final=true", TestServer.frames(2, row(0))).status());
    assertEquals(after, t.run("sync", "alive"));
  }

  @Test
  void aReplayWithTheExitRecordEndsTheRunAsTheRecordSays() {
    createRun("sync", "done");
    assertEquals(1, sweepAhead(Duration.ofMinutes(2)));
    TestServer.Response r =
        replay(
            "sync",
            "done",
            "?final=true",
            TestServer.frames(2, row(0), new RunExit(0, START + 3, 3, null)));
    assertEquals(200, r.status(), r.text());
    JsonNode done = t.run("sync", "done");
    assertEquals("finished", done.get("state").asText());
    assertEquals(3.0, done.get("runtimeSeconds").asDouble(), 1e-9);

    createRun("sync", "stays");
    t.ingest("sync", "stays", TestServer.frames(2, new RunExit(1, START + 1, 1, "boom")));
    assertEquals(200, replay("sync", "stays", "?final=true", new byte[0]).status());
    assertEquals("failed", t.run("sync", "stays").get("state").asText(), "an ended run stays");
  }

  @Test
  void replayAndFinalMustBeTrueOrFalse() {
    createRun("sync", "r1");
    TestServer.Response bad = replay("sync", "r1", "?final=yes", new byte[0]);
    assertEquals(400, bad.status());
    assertEquals("invalid_argument", bad.errorCode());
    assertTrue(bad.json().path("error").path("message").asText().contains("final"), bad.text());
    assertEquals(400, replay("sync", "r1", "?replay=1", new byte[0]).status());
    assertEquals(200, replay("sync", "r1", "?replay=false&final=false", new byte[0]).status());
    assertEquals("running", t.run("sync", "r1").get("state").asText());
  }

  @Test
  void runtimeAndDurationFollowTheState() {
    createRun("time", "done");
    t.ingest("time", "done", TestServer.frames(2, new RunExit(0, START + 84.25, 84.25, null)));
    JsonNode done = t.run("time", "done");
    assertEquals(84.25, done.get("runtimeSeconds").asDouble(), 1e-9);
    assertEquals(84.25, done.get("durationSeconds").asDouble(), 1e-9);

    createRun("time", "live");
    double expected = System.currentTimeMillis() / 1000.0 - START;
    JsonNode live = t.runAsOfNow("time", "live");
    assertEquals(expected, live.get("runtimeSeconds").asDouble(), 60);
    assertEquals(expected, live.get("durationSeconds").asDouble(), 60);

    assertEquals(1, sweepAhead(Duration.ofMinutes(2)));
    JsonNode crashed = t.run("time", "live");
    double toHeartbeat =
        java.time.Instant.parse(crashed.get("heartbeatAt").asText()).toEpochMilli() / 1000.0
            - START;
    assertEquals(toHeartbeat, crashed.get("durationSeconds").asDouble(), 1e-6);
    assertEquals(toHeartbeat, crashed.get("runtimeSeconds").asDouble(), 1e-6);
  }

  @Test
  void crashTimeoutsAreReadAndChecked() {
    assertEquals(Duration.ofSeconds(300), ServerOptions.parseDuration("300s"));
    assertEquals(Duration.ofMinutes(5), ServerOptions.parseDuration("5m"));
    assertEquals(Duration.ofSeconds(90), ServerOptions.parseDuration("90s"));
    assertEquals(Duration.ofHours(1), ServerOptions.parseDuration("1h"));
    assertEquals(Duration.ofMillis(500), ServerOptions.parseDuration("500ms"));
    for (String bad : new String[] {"", "5", "m", "-5s", "0s", "5 minutes", "1.5m"}) {
      assertThrows(IllegalArgumentException.class, () -> ServerOptions.parseDuration(bad), bad);
    }
    assertEquals(ServerOptions.DEFAULT_CRASH_AFTER, t.options.crashAfter());
    try (Database db = t.openDatabase()) {
      assertEquals(
          Duration.ofSeconds(30),
          new HeartbeatMonitor(db, Duration.ofMinutes(5), Clock.systemUTC()).interval());
      assertEquals(
          Duration.ofSeconds(1),
          new HeartbeatMonitor(db, Duration.ofSeconds(3), Clock.systemUTC()).interval());
    }
  }
}
