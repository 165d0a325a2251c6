package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.KillableTrainingProgram;
import dev.vane.internal.Settings;
import dev.vane.internal.sync.RunLogUploader;
import dev.vane.internal.sync.SyncReport;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: the SDK's JVM SIGKILLed at random moments. Each trial starts {@link
 * KillableTrainingProgram} in a child JVM against a live server (through a relay that some trials
 * cut first, so the server is out of reach at the kill), kills it with SIGKILL at a seeded random
 * moment during init, logging or finish, then runs {@code vane sync} (the {@link RunLogUploader}
 * the sync command drives) on its run directory. Every record the run log got before the kill,
 * read with the protocol's reader, must then be on the server exactly once: the same history rows,
 * in order, values to the last bit, the same summary, {@code finished} when the log has its exit
 * record and {@code crashed} otherwise; a second sync must change nothing.
 *
 * <p>{@code -Dvane.faults.sdkTrials=N} changes the number of trials (20), {@code
 * -Dvane.faults.seed=S} replays a failed run's seed.
 */
class SdkSigkillFaultTest extends LiveServerTest {
  private static final int TRIALS = Integer.getInteger("vane.faults.sdkTrials", 20);
  private static final int STEPS = 400;
  /** Pause every ten steps: the 400 steps span about 0.8 s, four run log flushes. */
  private static final long PAUSE_MILLIS = 20;
  private static final List<String> TARGET_PHASES = List.of("init", "logging", "finishing");
  /** The longest wait after the logging or finishing phase began: about the phase's length. */
  private static final Map<String, Integer> MAX_DELAY_MILLIS =
      Map.of("logging", 900, "finishing", 300);

  @Test
  void everyRecordFlushedBeforeASigkillIsOnTheServerExactlyOnceAfterSync() throws Exception {
    long seed = FaultSeed.of(SdkSigkillFaultTest.class);
    Random random = new Random(seed);
    Map<String, Integer> killedIn = new TreeMap<>();
    int rowsChecked = 0;
    int recordsChecked = 0;
    int relayCut = 0;
    long syncSent = 0;
    int syncSentTrials = 0;
    int initMillis = 1000;
    long started = System.nanoTime();
    for (int t = 0; t < TRIALS; t++) {
      String target = TARGET_PHASES.get(t % TARGET_PHASES.size());
      // Init takes from a few hundred ms to seconds with the machine's load: aim within the
      // length the last trial measured, so kills land anywhere in it.
      int maxDelay = target.equals("init") ? initMillis : MAX_DELAY_MILLIS.get(target);
      int delay = (int) (random.nextDouble() * maxDelay);
      // Half the trials put the server out of reach first, so the run log holds records the
      // server never got and the sync has something to upload.
      boolean cut = random.nextBoolean();
      int cutBefore = cut ? random.nextInt(delay + 1) : 0;
      String context = "seed " + seed + ", trial " + t + " (kill " + delay + " ms into "
          + target + (cut ? ", relay cut " + cutBefore + " ms before" : "") + ")";
      try {
        Trial trial = trial(t, target, delay, cut, cutBefore);
        LoggedRun logged = trial.logged;
        System.out.printf("trial %d: aimed %d ms into %s%s, killed in %s (init took %d ms);"
            + " run log %d records (%d rows, %s), %s; the sync uploaded %d%n",
            t, delay, target, cut ? " (relay cut)" : "", trial.phaseAtKill, trial.initMillis,
            logged.records(), logged.history().size(),
            logged.exit() == null ? "no exit record" : "exit record",
            logged.end() == null ? "no log" : logged.end().isClean() ? "clean end" : "torn end",
            trial.syncSent);
        killedIn.merge(trial.phaseAtKill, 1, Integer::sum);
        if (trial.initMillis > 0) {
          initMillis = trial.initMillis;
        }
        relayCut += cut ? 1 : 0;
        rowsChecked += logged.history().size();
        syncSent += trial.syncSent;
        syncSentTrials += trial.syncSent > 0 ? 1 : 0;
        recordsChecked += (int) logged.records();
      } catch (AssertionError | Exception e) {
        throw new AssertionError(context + ": " + e.getMessage(), e);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("SdkSigkillFaultTest: %d trials in %.1f s, killed in phases %s, relay cut"
        + " in %d, %d records (%d history rows) checked on the server, %d uploaded by the sync"
        + " in %d trials%n", TRIALS, seconds, killedIn, relayCut, recordsChecked, rowsChecked,
        syncSent, syncSentTrials);
  }

  /**
   * One killed run and its checks.
   *
   * @param initMillis how long its init took, or -1 when it was killed first
   * @param syncSent the records the first sync uploaded: what the kill had left behind
   */
  private record Trial(String phaseAtKill, int initMillis, LoggedRun logged, long syncSent) {}

  private Trial trial(int t, String target, int delayMillis, boolean cut, int cutBeforeMillis)
      throws Exception {
    String id = "kill-" + t;
    Path dir = Files.createDirectories(work.resolve("trial-" + t));
    try (CuttableProxy relay = new CuttableProxy(URI.create(server.baseUrl()).getPort())) {
      Map<String, String> env = env();
      env.put("VANE_BASE_URL", relay.baseUrl());
      env.put("VANE_DIR", dir.toString());
      env.put("VANE_CONSOLE", "off"); // the PHASE lines go straight to the test
      env.put("VANE_SYSTEM_SAMPLE_SECONDS", "0");
      Process p = ChildJvm.start(dir, env, List.of("-XX:TieredStopAtLevel=1"),
          KillableTrainingProgram.class, "killed", id, Integer.toString(STEPS),
          Long.toString(PAUSE_MILLIS));
      PhaseWatcher phases = new PhaseWatcher(p);
      boolean reached = phases.await(target, 60_000);
      if (reached) {
        Thread.sleep(delayMillis - cutBeforeMillis);
        if (cut) {
          relay.cut();
          Thread.sleep(cutBeforeMillis);
        }
      }
      String phaseAtKill = p.isAlive() ? phases.current() : "exited";
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no exit record
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed program ended");
      phases.join();
      assertTrue(reached || phaseAtKill.equals("exited"), "the program got to " + target
          + ":\n" + phases.output);
      Path log = LoggedRun.find(dir, id);
      LoggedRun logged = LoggedRun.read(log);
      long syncSent = checkAfterSync(log, logged, id, phases.output.toString());
      return new Trial(phaseAtKill, phases.millisBetween("init", "logging"), logged, syncSent);
    }
  }

  /**
   * Syncs the killed run's directory twice and checks the server against its run log; returns the
   * records the first sync uploaded.
   */
  private long checkAfterSync(Path log, LoggedRun logged, String id, String programOutput)
      throws Exception {
    String run = "/api/v1/runs/admin/killed/" + id;
    if (!logged.hasRunRecord()) {
      // Killed before the run's first record reached the file: there is nothing to sync, and the
      // server (which init may have reached) has no rows either.
      TestServer.Response r = server.get(run);
      assertTrue(r.status() == 404 || r.body().get("historyLength").asInt() == 0,
          "no run log, no rows: " + r.body());
      return 0;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SyncReport first = sync(log.getParent(), out);
    String context = "after sync (" + out.toString(StandardCharsets.UTF_8).strip()
        + ", program output:\n" + programOutput + ")";
    assertTrue(first.complete(), context + ": " + first.error());
    assertEquals(logged.records(), first.recordsTotal(), context);

    JsonNode runJson = server.get(run).body();
    JsonNode history = server.get(run + "/history").body();
    logged.assertServerHistoryIsExact(history.get("rows"), context);
    assertEquals(logged.history().size(), runJson.get("historyLength").asInt(), context);
    logged.assertServerSummary(runJson.get("summary"), context);
    if (logged.exit() != null) {
      assertEquals("finished", runJson.get("state").asText(), context + ": " + runJson);
      assertEquals(0, runJson.get("exitCode").asInt(), context);
    } else {
      assertEquals("crashed", runJson.get("state").asText(), context + ": " + runJson);
    }

    SyncReport second = sync(log.getParent(), out);
    assertTrue(second.complete(), "second sync: " + second.error());
    assertEquals(0, second.recordsSent(), "the second sync sends nothing");
    assertEquals(runJson, server.get(run).body(), "the second sync changes nothing");
    assertEquals(history, server.get(run + "/history").body(), "the second sync changes nothing");
    return first.recordsSent();
  }

  /** {@code vane sync DIR} as the sync command runs it, in this JVM, straight to the server. */
  private SyncReport sync(Path runDir, ByteArrayOutputStream out) throws IOException {
    Settings settings = Settings.load(
        Map.of("VANE_BASE_URL", server.baseUrl(), "VANE_API_KEY", server.key), null);
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new RunLogUploader(settings, print, Duration.ofSeconds(60)).sync(runDir);
  }

  /** Reads a program's output on a thread of its own and tracks the last {@code PHASE} line. */
  private static final class PhaseWatcher {
    final StringBuffer output = new StringBuffer();
    private final Thread reader;
    /** Phase to when it was seen ({@link System#nanoTime()}); guarded by this. */
    private final Map<String, Long> seen = new java.util.HashMap<>();
    private volatile String current = "starting";

    PhaseWatcher(Process p) {
      reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            output.append(line).append('\n');
            if (line.startsWith("PHASE ")) {
              synchronized (this) {
                current = line.substring("PHASE ".length());
                seen.put(current, System.nanoTime());
                notifyAll();
              }
            }
          }
        } catch (IOException e) {
          // the kill closed the pipe
        }
        synchronized (this) {
          current = "exited";
          notifyAll();
        }
      }, "phase-watcher");
      reader.setDaemon(true);
      reader.start();
    }

    String current() {
      return current;
    }

    /** Waits until the program says it entered {@code phase}; false when it ended first. */
    boolean await(String phase, long timeoutMillis) throws InterruptedException {
      long until = System.currentTimeMillis() + timeoutMillis;
      synchronized (this) {
        while (!seen.containsKey(phase) && !current.equals("exited")) {
          long left = until - System.currentTimeMillis();
          if (left <= 0) {
            return false;
          }
          wait(left);
        }
        return seen.containsKey(phase);
      }
    }

    /** Milliseconds from phase {@code from} to phase {@code to}, or -1 when one was not seen. */
    synchronized int millisBetween(String from, String to) {
      Long a = seen.get(from);
      Long b = seen.get(to);
      return a == null || b == null ? -1 : (int) ((b - a) / 1_000_000);
    }

    void join() throws InterruptedException {
      reader.join(10_000);
    }
  }
}
