package dev.vane.internal.system;

import dev.vane.internal.Diagnostics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Samples system metrics every interval on a daemon thread of its own and hands each sample (a
 * map of {@code system.*} keys to numbers) to a sink, which appends it to the run log. It never
 * throws into the program: a probe that fails is written to the debug log (its first failure
 * only, since it would fail again every interval) and its metrics are left out of that sample; the
 * GPU probe turns itself off at its first failure. The probes are made on the sampler thread, so
 * loading OSHI's native library does not delay the program's start.
 */
public final class SystemSampler implements Runnable {
  private final Duration interval;
  private final Diagnostics diag;
  private final Consumer<Map<String, Object>> sink;
  private final Supplier<List<Probe>> probes;
  private final Set<String> failed = new HashSet<>();
  private volatile boolean stopped;
  private volatile Thread thread;

  /**
   * @param interval how often to sample; at least a second by the options' checks
   * @param runDir the run directory, whose disk's usage is reported
   * @param diag where failures are written (debug log only)
   * @param sink takes each sample; called on the sampler thread
   */
  public SystemSampler(Duration interval, Path runDir, Diagnostics diag,
      Consumer<Map<String, Object>> sink) {
    this(interval, diag, sink, () -> defaultProbes(runDir, diag));
  }

  /** For tests: other probes. */
  SystemSampler(Duration interval, Diagnostics diag, Consumer<Map<String, Object>> sink,
      Supplier<List<Probe>> probes) {
    this.interval = interval;
    this.diag = diag;
    this.sink = sink;
    this.probes = probes;
  }

  /** Starts the daemon thread {@code vane-system-RUN_ID}. */
  public void start(String runId) {
    Thread t = new Thread(this, "vane-system-" + runId);
    t.setDaemon(true);
    // Below the program's threads: sampling is the least urgent thing the JVM does.
    t.setPriority(Thread.MIN_PRIORITY);
    thread = t;
    t.start();
  }

  /**
   * Stops sampling without waiting: a pass under way finishes (the sink drops what comes after
   * the run ended) and no other starts. Does not interrupt the thread, since an interrupt closes
   * the NIO channels OSHI may be reading.
   */
  public void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public void run() {
    try {
      // The schedule starts before the probes are made, so that OSHI's start-up (most of a
      // second the first time) does not shift every sample of a short run.
      long intervalNanos = interval.toNanos();
      long next = System.nanoTime() + intervalNanos;
      List<Probe> ps = probes.get();
      // But the first sample waits at least half an interval after them: CPU loads are measured
      // between two readings, and one taken just after the baseline would say nothing.
      long earliest = System.nanoTime() + intervalNanos / 2;
      if (next - earliest < 0) {
        next = earliest;
      }
      while (!stopped) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          continue; // woken early by stop(), or spuriously
        }
        Map<String, Object> sample = sampleOnce(ps);
        if (!stopped && !sample.isEmpty()) {
          sink.accept(sample);
        }
        // A pass slower than the interval skips the ticks it missed rather than catching up.
        next += intervalNanos;
        long now = System.nanoTime();
        if (next - now <= 0) {
          next = now + intervalNanos;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      diag.debug("system metrics: sampling stopped: " + e);
    }
  }

  /** One pass over the probes. */
  Map<String, Object> sampleOnce(List<Probe> ps) {
    Map<String, Object> sample = new LinkedHashMap<>();
    for (Probe p : ps) {
      try {
        p.sample(sample);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        break;
      } catch (Exception | LinkageError e) {
        failedOnce(p.getClass().getSimpleName(), e);
      }
    }
    return sample;
  }

  private void failedOnce(String probe, Throwable e) {
    if (failed.add(probe)) {
      diag.debug("system metrics: " + probe + " failed, its metrics are left out: " + e);
    }
  }

  private static List<Probe> defaultProbes(Path runDir, Diagnostics diag) {
    List<Probe> ps = new ArrayList<>();
    try {
      ps.add(new OshiProbe());
    } catch (RuntimeException | LinkageError e) {
      // Without OSHI's native access (an unusual OS, a locked-down JNA) the JVM's own view stays.
      diag.debug("system metrics: OSHI is not available, no CPU, memory, disk I/O or network"
          + " metrics: " + e);
    }
    ps.add(new JvmProbe());
    ps.add(new DiskUsageProbe(runDir));
    ps.add(new NvidiaSmi());
    return ps;
  }
}
