package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.ControlledProgram;
import dev.vane.cli.programs.CrashingProgram;
import dev.vane.cli.programs.DocumentExample;
import dev.vane.cli.programs.IdleProgram;
import dev.vane.cli.programs.RunBodyProgram;
import dev.vane.cli.programs.SleepingProgram;
import dev.vane.cli.programs.StoppableProgram;
import dev.vane.cli.programs.StubbornProgram;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SDK in child JVMs against a real server, as a user runs it. */
class EndToEndTest extends LiveServerTest {

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
    assertTrue(seconds < 2, "stop reached the program in " + seconds + " s");
    JsonNode runJson = server.get("/api/v1/runs/" + live.runPath).body();
    assertEquals("killed", runJson.get("state").asText(), live.seen.toString());
    assertEquals(255, runJson.get("exitCode").asInt());
    assertTrue(runJson.get("stopped").asBoolean());
  }

  @Test
  void anIdleRunSendsNoHeartbeatForSecondsButAStopStillArrivesWithinTwoSeconds()
      throws Exception {
    ChildJvm.Live live = ChildJvm.startLive(work, env(), IdleProgram.class, "idle");
    String run = "/api/v1/runs/" + live.runPath;
    Thread.sleep(1500); // the first records and files go up right after init
    JsonNode before = server.get(run).body();
    assertEquals("running", before.get("state").asText());
    Thread.sleep(3000); // stop checks every second meanwhile, but no heartbeat (interval 30 s)
    JsonNode after = server.get(run).body();
    assertEquals(before.get("heartbeatAt"), after.get("heartbeatAt"), live.seen.toString());
    assertEquals(before.get("updatedAt"), after.get("updatedAt"));

    long stoppedAt = System.nanoTime();
    TestServer.Response stop = server.post(run + "/stop");
    assertEquals(200, stop.status(), String.valueOf(stop.body()));
    live.awaitLine("ON_STOP");
    double seconds = (System.nanoTime() - stoppedAt) / 1e9;
    System.out.printf("stop reached the idle program's onStop handler in %.2f s%n", seconds);
    assertTrue(seconds < 2, "stop reached the idle program in " + seconds + " s");
    live.awaitLine("INTERRUPTED");
    live.awaitExit();
    assertEquals(0, live.process.exitValue(), live.seen.toString());
    JsonNode ended = server.get(run).body();
    assertEquals("killed", ended.get("state").asText(), live.seen.toString());
    assertEquals(255, ended.get("exitCode").asInt());
  }

  @Test
  void aProgramThatIgnoresTheStopIsEndedAfterTheGracePeriodWithExitCode255() throws Exception {
    ChildJvm.Live live = ChildJvm.startLive(work, env(),
        List.of("-Dvane.internal.stopGraceMillis=2000"), StubbornProgram.class, "stubborn");
    String run = "/api/v1/runs/" + live.runPath;
    long stoppedAt = System.nanoTime();
    assertEquals(200, server.post(run + "/stop").status());
    live.awaitLine("IGNORED"); // the default handler's interrupt, which the program ignores
    live.awaitExit();
    double seconds = (System.nanoTime() - stoppedAt) / 1e9;
    System.out.printf("the stubborn program exited %.2f s after the stop%n", seconds);
    assertEquals(255, live.process.exitValue(), live.seen.toString());
    assertTrue(seconds >= 2, "not before the grace period: " + seconds + " s");
    assertTrue(seconds < 20, "soon after the grace period: " + seconds + " s");
    JsonNode ended = server.get(run).body();
    assertEquals("killed", ended.get("state").asText(), live.seen.toString());
    assertEquals(255, ended.get("exitCode").asInt());
    assertEquals(5, ended.get("historyLength").asInt(), "the logged rows were flushed");
  }

  /** A server that marks runs crashed after 2 s, and a relay to it that the test can cut. */
  private CuttableProxy crashyServerBehindARelay() throws IOException {
    server.close();
    server = new TestServer(tmp.resolve("crashy"), 0, Duration.ofSeconds(2));
    return new CuttableProxy(java.net.URI.create(server.baseUrl()).getPort());
  }

  /** Polls the run until {@code check} holds, at most {@code seconds}; returns its last JSON. */
  private JsonNode awaitRun(String path, int seconds, java.util.function.Predicate<JsonNode> check)
      throws Exception {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode run = server.get("/api/v1/runs/" + path).body();
    while (!check.test(run) && System.nanoTime() - until < 0) {
      Thread.sleep(100);
      run = server.get("/api/v1/runs/" + path).body();
    }
    assertTrue(check.test(run), "waited " + seconds + " s for the run: " + run);
    return run;
  }

  /**
   * Starts {@link ControlledProgram} through the relay, waits for its first five rows on the
   * server and checks that heartbeats keep it running past the crash timeout, then cuts the relay
   * and has it log five more rows the server cannot get.
   */
  private ChildJvm.Live fiveRowsSentFiveStranded(CuttableProxy relay, String project)
      throws Exception {
    Map<String, String> env = env();
    env.put("VANE_BASE_URL", relay.baseUrl());
    env.put("VANE_HEARTBEAT_SECONDS", "0.5"); // well inside the 2 s crash timeout
    env.put("VANE_FINISH_TIMEOUT", "1");
    ChildJvm.Live live = ChildJvm.startLive(work, env, ControlledProgram.class, project);
    awaitRun(live.runPath, 20, r -> r.get("historyLength").asInt() == 5);
    Thread.sleep(3000);
    assertEquals("running", server.get("/api/v1/runs/" + live.runPath).body().get("state")
        .asText(), "heartbeats keep an idle live run running past the crash timeout");
    relay.cut();
    live.tell("more");
    live.awaitLine("LOGGED");
    Thread.sleep(1000); // the run log's flusher hands frames to the OS every 200 ms
    return live;
  }

  private Path runDir(ChildJvm.Live live) {
    Matcher m = Pattern.compile("(?m)^DIR (.+)$").matcher(live.seen);
    assertTrue(m.find(), live.seen.toString());
    return Path.of(m.group(1));
  }

  @Test
  void aCrashedRunThatSpeaksAgainRunsOnAndEndsFinished() throws Exception {
    try (CuttableProxy relay = crashyServerBehindARelay()) {
      Map<String, String> env = env();
      env.put("VANE_BASE_URL", relay.baseUrl());
      env.put("VANE_HEARTBEAT_SECONDS", "0.5");
      ChildJvm.Live live = ChildJvm.startLive(work, env, ControlledProgram.class, "comeback");
      awaitRun(live.runPath, 20, r -> r.get("historyLength").asInt() == 5);
      relay.cut(); // a network outage longer than the crash timeout, W&B's classic false crash
      awaitRun(live.runPath, 15, r -> r.get("state").asText().equals("crashed"));
      live.tell("more");
      live.awaitLine("LOGGED");
      relay.restore();
      JsonNode back = awaitRun(live.runPath, 45,
          r -> r.get("state").asText().equals("running") && r.get("historyLength").asInt() == 10);
      assertTrue(back.get("finishedAt").isNull());
      live.tell("finish");
      live.awaitLine("FINISHED");
      live.awaitExit();
      JsonNode ended = server.get("/api/v1/runs/" + live.runPath).body();
      assertEquals("finished", ended.get("state").asText(), live.seen.toString());
      assertEquals(10, ended.get("historyLength").asInt(), "nothing lost in the outage");
    }
  }

  @Test
  void aKilledRunIsCrashedAfterTheTimeoutAndSyncUploadsTheRestKeepingItCrashed()
      throws Exception {
    try (CuttableProxy relay = crashyServerBehindARelay()) {
      ChildJvm.Live live = fiveRowsSentFiveStranded(relay, "killed9");
      long killedAt = System.currentTimeMillis();
      live.process.destroyForcibly(); // SIGKILL: no hook, no flush, no exit record
      assertTrue(live.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));

      JsonNode crashed = awaitRun(live.runPath, 10, r -> r.get("state").asText().equals("crashed"));
      assertEquals(5, crashed.get("historyLength").asInt());
      assertTrue(crashed.get("finishedAt").isNull());

      Thread.sleep(50); // a sync that counted as a heartbeat would show as a later heartbeatAt
      ChildJvm.Result sync = run(env(), VaneCommand.class, "sync", runDir(live).toString());
      assertEquals(0, sync.exitCode(), sync.out() + sync.err());
      JsonNode synced = server.get("/api/v1/runs/" + live.runPath).body();
      assertEquals("crashed", synced.get("state").asText(), synced.toString());
      assertEquals(10, synced.get("historyLength").asInt());
      // The stranded rows show the program alive after its last heartbeat, and before the kill;
      // the time of the sync is no sign of life.
      long crashedBeat = Instant.parse(crashed.get("heartbeatAt").asText()).toEpochMilli();
      long syncedBeat = Instant.parse(synced.get("heartbeatAt").asText()).toEpochMilli();
      assertTrue(syncedBeat > crashedBeat && syncedBeat <= killedAt,
          crashedBeat + " < " + syncedBeat + " <= " + killedAt);
      long created = Instant.parse(synced.get("createdAt").asText()).toEpochMilli();
      assertEquals((syncedBeat - created) / 1000.0, synced.get("runtimeSeconds").asDouble(), 0.002);
      assertTrue(synced.get("finishedAt").isNull());
      JsonNode rows = server.get("/api/v1/runs/" + live.runPath + "/history").body().get("rows");
      assertEquals(10, rows.size());
      for (int i = 0; i < 10; i++) {
        assertEquals(i, rows.get(i).get("_step").asInt());
      }

      // Syncing again changes nothing; the run stays crashed.
      ChildJvm.Result again = run(env(), VaneCommand.class, "sync", runDir(live).toString());
      assertEquals(0, again.exitCode(), again.out() + again.err());
      assertEquals(synced, server.get("/api/v1/runs/" + live.runPath).body());
    }
  }

  @Test
  void aRunFinishedWhileTheServerWasAwayEndsFinishedAfterSync() throws Exception {
    try (CuttableProxy relay = crashyServerBehindARelay()) {
      ChildJvm.Live live = fiveRowsSentFiveStranded(relay, "finished-away");
      live.tell("finish");
      live.awaitLine("FINISHED");
      live.awaitExit();
      assertEquals(0, live.process.exitValue(), live.seen.toString());

      JsonNode crashed = awaitRun(live.runPath, 10, r -> r.get("state").asText().equals("crashed"));
      assertEquals(5, crashed.get("historyLength").asInt());

      ChildJvm.Result sync = run(env(), VaneCommand.class, "sync", runDir(live).toString());
      assertEquals(0, sync.exitCode(), sync.out() + sync.err());
      JsonNode synced = server.get("/api/v1/runs/" + live.runPath).body();
      assertEquals("finished", synced.get("state").asText(), synced.toString());
      assertEquals(0, synced.get("exitCode").asInt());
      assertEquals(10, synced.get("historyLength").asInt());
      assertFalse(synced.get("finishedAt").isNull());
    }
  }
}
