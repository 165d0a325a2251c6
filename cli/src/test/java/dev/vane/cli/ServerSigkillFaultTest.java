package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.ConcurrentRunsProgram;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite: the server SIGKILLed during ingest. The real server runs in an OS process of its
 * own ({@link ServerProcess}) on a fixed port and data folder; {@link ConcurrentRunsProgram} keeps
 * ten runs logging in one child JVM (ten JVMs would cost more CPU than a 2-core machine has for the
 * server); the test SIGKILLs the server at seeded random moments, ten times, and starts it again
 * on the same port and data after a random pause shorter than the time {@code finish()} waits for
 * an unreachable server. After each restart every run must reconnect on its own and the server's
 * history of each must be exactly the start of its run log (no gap, no duplicate, values to the
 * last bit). The last kill comes as the runs call {@code finish()}, which must wait for the server
 * to come back; at the end every run must be {@code finished} with its whole run log on the
 * server, without {@code vane sync}.
 *
 * <p>{@code -Dvane.faults.full=true} runs the full ten kills (five by default), {@code
 * -Dvane.faults.serverKills=N} any number, {@code
 * -Dvane.faults.seed=S} replays a failed run's seed.
 */
class ServerSigkillFaultTest {
  /**
   * Server kills: 10 with {@code -Dvane.faults.full=true}, else 5, which keeps the suite near a
   * minute in {@code ./mvnw verify} (each kill costs a server start of a few seconds and the
   * senders' back-off).
   */
  private static final int KILLS = Integer.getInteger("vane.faults.serverKills",
      Boolean.getBoolean("vane.faults.full") ? 10 : 5);
  private static final int RUNS = 10;
  /** Each run logs a row every 20 ms: 500 rows a second into ten run logs. */
  private static final int ROW_PAUSE_MILLIS = 20;
  /** How long the runs must catch up after a restart: the sender's back-off, with room. */
  private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private ServerProcess server;
  private ChildJvm.Live program;
  private String key;

  @AfterEach
  void stopEverything() {
    if (program != null && program.process.isAlive()) {
      program.process.destroyForcibly();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void runsReconnectOnTheirOwnAfterEachServerSigkillAndEndWithExactHistories() throws Exception {
    long seed = FaultSeed.of(ServerSigkillFaultTest.class);
    Random random = new Random(seed);
    long started = System.nanoTime();
    Path data = tmp.resolve("server");
    Path work = Files.createDirectories(tmp.resolve("work"));
    int port = freePort();
    server = ServerProcess.start(data, port);
    key = ServerProcess.adminKey(data);

    Map<String, String> env = new HashMap<>();
    env.put("VANE_BASE_URL", server.baseUrl);
    env.put("VANE_API_KEY", key);
    env.put("VANE_DIR", work.toString());
    env.put("VANE_CONSOLE", "off");
    env.put("VANE_SYSTEM_SAMPLE_SECONDS", "0");
    program = ChildJvm.startLive(work, env, List.of("-XX:TieredStopAtLevel=1"),
        ConcurrentRunsProgram.class, "ingest",
        Integer.toString(RUNS), Integer.toString(ROW_PAUSE_MILLIS));

    List<double[]> outages = new ArrayList<>(); // Unix seconds the server was away
    for (int k = 0; k < KILLS; k++) {
      // The last kill comes as the runs finish: finish() must wait for the server to come back
      // (it gives up only after 15 s without an answer) and upload the rest itself.
      boolean atFinish = k == KILLS - 1;
      int runFor = 200 + random.nextInt(1001);
      // Away 0.1 to 1 s mid-ingest; 2 to 5 s at finish, so that with the restart the outage
      // outlasts the senders' first tries but stays within the 15 s finish() waits.
      int pause = atFinish ? 2000 + random.nextInt(3001) : 100 + random.nextInt(901);
      String context = "seed " + seed + ", kill " + k + " (after " + runFor + " ms, away "
          + pause + " ms" + (atFinish ? ", during finish" : "") + ")";
      try {
        Thread.sleep(runFor);
        double killedAt = System.currentTimeMillis() / 1000.0;
        server.kill(); // SIGKILL in the middle of ten runs' ingest
        if (atFinish) {
          program.tell("finish");
        }
        Thread.sleep(pause);
        long restarting = System.nanoTime();
        server = ServerProcess.start(data, port);
        long restarted = System.nanoTime();
        outages.add(new double[] {killedAt, System.currentTimeMillis() / 1000.0});
        if (atFinish) {
          program.awaitLine("FINISHED");
          program.awaitExit();
        } else {
          awaitEveryRunCaughtUp(context);
        }
        System.out.printf("kill %d: ran %d ms, away %d ms, restart took %d ms, %s in %d ms%n",
            k, runFor, pause, (restarted - restarting) / 1_000_000,
            atFinish ? "finished" : "caught up", (System.nanoTime() - restarted) / 1_000_000);
      } catch (AssertionError | Exception e) {
        throw new AssertionError(context + ": " + e.getMessage() + "\nserver output:\n"
            + server.output + "\nprogram output:\n" + program.seen, e);
      }
    }

    if (KILLS == 0) {
      program.tell("finish");
      program.awaitLine("FINISHED");
      program.awaitExit();
    }
    assertEquals(0, program.process.exitValue(), program.seen.toString());
    assertFalse(program.seen.toString().contains("vane sync"),
        "every run uploaded everything at finish, none gave up:\n" + program.seen);
    int rows = 0;
    int rowsWhileAway = 0;
    for (int r = 0; r < RUNS; r++) {
      String context = "seed " + seed + ", run-" + r + " at the end";
      LoggedRun logged = LoggedRun.read(LoggedRun.find(work, "run-" + r));
      assertTrue(logged.exit() != null && logged.end().isClean(),
          context + ": a finished, clean run log: " + logged.end());
      JsonNode run = get(runPath(r));
      logged.assertServerHistoryIsExact(get(runPath(r) + "/history").get("rows"), context);
      assertEquals(logged.history().size(), run.get("historyLength").asInt(), context);
      logged.assertServerSummary(run.get("summary"), context);
      assertEquals("finished", run.get("state").asText(), context + ": " + run);
      assertEquals(0, run.get("exitCode").asInt(), context);
      rows += logged.history().size();
      rowsWhileAway += (int) logged.history().stream()
          .map(row -> ((Number) row.get(HistoryRow.TIMESTAMP)).doubleValue())
          .filter(ts -> outages.stream().anyMatch(o -> ts >= o[0] && ts <= o[1])).count();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("ServerSigkillFaultTest: %d server SIGKILLs in %.1f s, %d runs, %d history"
        + " rows checked, %d of them logged while the server was away%n", KILLS, seconds, RUNS,
        rows, rowsWhileAway);
    assertTrue(KILLS == 0 || rowsWhileAway > 0, "the runs logged on while the server was away");
  }

  /**
   * Waits until the server has, for every run, at least the rows its run log held when the server
   * came back (so each run's sender reconnected and resent what the server missed), then checks
   * each run's history on the server is exactly the start of its run log.
   */
  private void awaitEveryRunCaughtUp(String context) throws Exception {
    Path work = tmp.resolve("work");
    int[] target = new int[RUNS];
    for (int r = 0; r < RUNS; r++) {
      target[r] = LoggedRun.read(LoggedRun.find(work, "run-" + r)).history().size();
    }
    long until = System.nanoTime() + RECONNECT_LIMIT.toNanos();
    for (int r = 0; r < RUNS; r++) {
      JsonNode run = get(runPath(r));
      while (run.get("historyLength").asInt() < target[r]) {
        assertTrue(System.nanoTime() - until < 0, "run-" + r + " did not catch up in "
            + RECONNECT_LIMIT.toSeconds() + " s: " + run.get("historyLength") + " of "
            + target[r] + " rows");
        Thread.sleep(100);
        run = get(runPath(r));
      }
      assertEquals("running", run.get("state").asText(), "run-" + r + ": " + run);
    }
    for (int r = 0; r < RUNS; r++) {
      JsonNode rows = get(runPath(r) + "/history").get("rows");
      // Read after the server's rows: the run log is always ahead of what the server has.
      LoggedRun logged = LoggedRun.read(LoggedRun.find(work, "run-" + r));
      logged.assertServerHistoryIsPrefix(rows, context + ", run-" + r);
    }
  }

  private static String runPath(int run) {
    return "/api/v1/runs/admin/ingest/run-" + run;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl + path))
        .header("Authorization", "Bearer " + key).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return VaneJson.api().readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
