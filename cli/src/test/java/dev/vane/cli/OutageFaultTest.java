package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: the server is unreachable for a while in the middle of a run (the reliability
 * issue asks for 2 minutes). A run logs 20 keys at 100 rows/s through a {@link CuttableProxy};
 * the relay is cut (every connection closed, new ones refused), restored, and the run finishes.
 * Nothing may be lost or duplicated, and {@code run.log} must not slow down while the server is
 * away or while the sender catches up afterwards.
 *
 * <p>{@code ./mvnw verify} runs a 15 s outage; {@code -Dvane.faults.full=true} runs the full
 * 2 minutes. The run is in this JVM (so each {@code log} call can be timed with {@link
 * System#nanoTime()}); the server runs in this JVM too, as on a small box where both compete.
 *
 * <p>Latency bounds, chosen to hold on a loaded 2-core machine while still catching a {@code log}
 * that waits on the network: per phase, p99 at most 5 times the p99 before the outage or 5 ms,
 * whichever is larger, and no call over 250 ms. A call that waited for the network would wait
 * for a connection attempt or a request timeout, and it would do so again and again over the
 * outage, which would push p99 up and the maximum to seconds; scheduling noise and GC pauses on
 * a busy box stay well below these bounds. The printed figures are the evidence.
 */
class OutageFaultTest extends LiveServerTest {
  private static final boolean FULL = Boolean.getBoolean("vane.faults.full");
  private static final int KEYS = 20;
  private static final int ROWS_PER_SECOND = 100;
  private static final long WARMUP_SECONDS = 2;
  private static final long BEFORE_SECONDS = 5;
  private static final long OUTAGE_SECONDS = FULL ? 120 : 15;
  private static final long AFTER_SECONDS = FULL ? 15 : 10;
  /**
   * The sender must have caught up this long after the relay is back: its longest retry wait
   * (10 s) plus time to send the backlog on a loaded box.
   */
  private static final long CATCH_UP_SECONDS = 15;

  @Test
  void serverUnreachableMidRunLosesNothingAndLogLatencyIsUnchanged() throws Exception {
    int port = URI.create(server.baseUrl()).getPort();
    try (CuttableProxy relay = new CuttableProxy(port)) {
      ByteArrayOutputStream terminal = new ByteArrayOutputStream();
      Map<String, String> env = Map.of("VANE_BASE_URL", relay.baseUrl(),
          "VANE_API_KEY", server.key);
      Run run = RunLauncher.start(RunOptions.builder().dir(work).project("outage")
          .console("off").systemSampleInterval(Duration.ZERO).disableCapture("metadata")
          .finishTimeout(Duration.ofSeconds(60)).build(),
          Settings.load(env, null), new PrintStream(terminal, true, StandardCharsets.UTF_8));
      String path = run.path();

      long[] before = new long[(int) (BEFORE_SECONDS * ROWS_PER_SECOND)];
      long[] during = new long[(int) (OUTAGE_SECONDS * ROWS_PER_SECOND)];
      long[] after = new long[(int) (AFTER_SECONDS * ROWS_PER_SECOND)];
      Pacer pacer = new Pacer();
      long step = 0;
      step = logRows(run, step, new long[(int) (WARMUP_SECONDS * ROWS_PER_SECOND)], pacer);
      step = logRows(run, step, before, pacer);
      long heapBefore = usedHeapAfterGc();

      relay.cut();
      long cutAt = System.nanoTime();
      long stepsAtCut = step;
      step = logRows(run, step, during, pacer);
      long heapDuring = usedHeapAfterGc();
      long retries = retries(run.dir());
      long serverRowsInOutage = server.get("/api/v1/runs/" + path).body()
          .get("historyLength").asLong();
      long stepsAtRestore = step;
      relay.restore();
      long restoredAt = System.nanoTime();

      // Watches the server catch up on its own thread, so the training thread only logs.
      AtomicLong caughtUpNanos = new AtomicLong(-1);
      Thread watcher = new Thread(() -> watchCatchUp(path, stepsAtRestore, restoredAt,
          caughtUpNanos), "catch-up-watcher");
      watcher.setDaemon(true);
      watcher.start();
      step = logRows(run, step, after, pacer);
      watcher.join(TimeUnit.SECONDS.toMillis(CATCH_UP_SECONDS));

      long finishStart = System.nanoTime();
      run.finish();
      long finishMillis = millisSince(finishStart);

      String report = String.format(Locale.ROOT,
          "outage %d s (%s): %d rows of %d keys at %d rows/s%n"
          + "  log latency before: %s%n  log latency during: %s%n  log latency after:  %s%n"
          + "  server rows at the end of the outage: %d (%d logged before the cut); "
          + "send retries during it: %d (%.1f/s)%n"
          + "  caught up %s after the relay was restored; finish() took %d ms%n"
          + "  heap after GC: %.1f MiB before the outage, %.1f MiB at its end",
          OUTAGE_SECONDS, FULL ? "full" : "shortened", step, KEYS, ROWS_PER_SECOND,
          figures(before), figures(during), figures(after), serverRowsInOutage, stepsAtCut,
          retries,
          retries / (double) TimeUnit.NANOSECONDS.toSeconds(restoredAt - cutAt),
          caughtUpNanos.get() < 0 ? "not within " + CATCH_UP_SECONDS + " s"
              : TimeUnit.NANOSECONDS.toMillis(caughtUpNanos.get()) + " ms",
          finishMillis, heapBefore / 1048576.0, heapDuring / 1048576.0);
      System.out.println(report);
      String text = terminal.toString(StandardCharsets.UTF_8);

      // The outage was real: nothing logged during it reached the server through the relay.
      assertTrue(serverRowsInOutage <= stepsAtCut, serverRowsInOutage + " rows on the server, "
          + stepsAtCut + " logged before the cut\n" + report);

      // Nothing lost, nothing doubled, every value exact.
      JsonNode runJson = server.get("/api/v1/runs/" + path).body();
      assertEquals("finished", runJson.get("state").asText(), runJson + "\n" + text);
      assertEquals(0, runJson.get("exitCode").asInt());
      assertEquals(step, runJson.get("historyLength").asLong(), report);
      JsonNode rows = server.get("/api/v1/runs/" + path + "/history").body().get("rows");
      assertEquals(step, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonNode row = rows.get(i);
        assertEquals(i, row.get("_step").asLong(), "rows in order, each step once");
        for (int k = 0; k < KEYS; k++) {
          assertEquals(value(i, k), row.get("k" + k).asDouble(), "row " + i + " key k" + k);
        }
      }
      JsonNode summary = runJson.get("summary");
      for (int k = 0; k < KEYS; k++) {
        assertEquals(value(step - 1, k), summary.get("k" + k).asDouble(), "summary k" + k);
      }
      assertEquals(1, text.split("server not reachable", -1).length - 1,
          "one warning for the outage: " + text);

      // Catching up is prompt: a retry wait grown over the outage must not hold it back.
      assertTrue(caughtUpNanos.get() >= 0, report);
      assertTrue(finishMillis < 10_000, report);
      // Bounded retries: the sender backs off (waits of 5 to 10 s once grown) instead of trying
      // again each time the run log is flushed (5 times a second while the program logs).
      assertTrue(retries <= TimeUnit.NANOSECONDS.toSeconds(restoredAt - cutAt) / 2 + 8, report);
      // The rows logged meanwhile are in the run log on disk, not piling up in memory.
      assertTrue(heapDuring - heapBefore < 32L << 20, report);

      long p99Bound = Math.max(5 * percentile(before, 99), TimeUnit.MILLISECONDS.toNanos(5));
      assertTrue(percentile(during, 99) <= p99Bound, "p99 during the outage\n" + report);
      assertTrue(percentile(after, 99) <= p99Bound, "p99 after the outage\n" + report);
      long maxBound = TimeUnit.MILLISECONDS.toNanos(250);
      assertTrue(max(during) <= maxBound, "slowest call during the outage\n" + report);
      assertTrue(max(after) <= maxBound, "slowest call after the outage\n" + report);
    }
  }

  /** Logs {@code latencies.length} rows at the steady rate, timing each call; returns the next step. */
  private static long logRows(Run run, long step, long[] latencies, Pacer pacer) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < latencies.length; i++, step++) {
      for (int k = 0; k < KEYS; k++) {
        values.put("k" + k, value(step, k));
      }
      pacer.await();
      long t0 = System.nanoTime();
      run.log(values);
      latencies[i] = System.nanoTime() - t0;
    }
    return step;
  }

  /** Exact values that differ per step and key and need all of a double's digits. */
  private static double value(long step, int key) {
    return step + (key + 1) / 7.0;
  }

  /** Ticks at {@link #ROWS_PER_SECOND}, as a training loop's steps would come. */
  private static final class Pacer {
    private final long interval = TimeUnit.SECONDS.toNanos(1) / ROWS_PER_SECOND;
    private long next = System.nanoTime();

    void await() {
      next += interval;
      long now = System.nanoTime();
      if (next - now > 0) {
        LockSupport.parkNanos(next - now);
      } else if (now - next > TimeUnit.SECONDS.toNanos(1)) {
        next = now; // fell far behind (a loaded box): do not burst to catch up
      }
    }
  }

  private void watchCatchUp(String path, long rows, long restoredAt, AtomicLong caughtUp) {
    long until = restoredAt + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
    while (System.nanoTime() - until < 0) {
      try {
        JsonNode run = server.get("/api/v1/runs/" + path).body();
        if (run != null && run.path("historyLength").asLong() >= rows) {
          caughtUp.set(System.nanoTime() - restoredAt);
          return;
        }
        Thread.sleep(50);
      } catch (Exception e) {
        return;
      }
    }
  }

  /** Failed sends the SDK wrote to the run's debug log. */
  private static long retries(Path runDir) throws Exception {
    Path debug = runDir.resolve("logs").resolve("debug.log");
    try (Stream<String> lines = Files.lines(debug)) {
      return lines.filter(l -> l.contains("sending records failed")).count();
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String figures(long[] nanos) {
    return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d calls)",
        percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, max(nanos) / 1e6,
        nanos.length);
  }

  static long percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static long max(long[] nanos) {
    return Arrays.stream(nanos).max().orElse(0);
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
