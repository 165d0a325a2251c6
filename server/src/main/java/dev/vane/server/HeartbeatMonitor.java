package dev.vane.server;

import dev.vane.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks runs that stopped sending heartbeats as {@code crashed}: every sweep interval (a tenth of
 * the crash timeout, at least one second) each {@code running} run whose last accepted request
 * ({@code heartbeatAt}) is older than the timeout becomes {@code crashed}. A crashed run that
 * speaks again goes back to {@code running} through ingest.
 *
 * <p>With several servers on one PostgreSQL database, each runs a monitor, but a sweep takes a
 * transaction-scoped advisory lock first and is skipped while another server's sweep holds it, so
 * exactly one sweeps at a time. The sweep is one {@code UPDATE}, so a run is marked once either
 * way.
 */
public final class HeartbeatMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private final Database database;
  private final Duration crashAfter;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /**
   * A monitor that does nothing until {@link #start()}; {@link #sweep()} may be called directly.
   *
   * @param crashAfter how long a running run may go without a heartbeat
   * @param clock the time the sweep compares heartbeats with
   */
  public HeartbeatMonitor(Database database, Duration crashAfter, Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.crashAfter = Objects.requireNonNull(crashAfter, "crashAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (crashAfter.isNegative() || crashAfter.isZero()) {
      throw new IllegalArgumentException("the crash timeout must be positive: " + crashAfter);
    }
  }

  /** How often the monitor sweeps: a tenth of the crash timeout, at least one second. */
  public Duration interval() {
    Duration tenth = crashAfter.dividedBy(10);
    return tenth.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : tenth;
  }

  /**
   * Sweeps once, now.
   *
   * @return how many runs were marked crashed, or {@code -1} when another server's sweep held the
   *     lock and this one was skipped
   */
  public int sweep() {
    long now = clock.millis();
    long before = now - crashAfter.toMillis();
    return database.write(
        s -> s.runs().tryLockCrashSweep() ? s.runs().markCrashed(before, now) : -1);
  }

  /** Starts sweeping every {@link #interval()} on a daemon thread. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vane-heartbeat-monitor");
              t.setDaemon(true);
              return t;
            });
    long ms = interval().toMillis();
    timer.scheduleWithFixedDelay(this::sweepLogged, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void sweepLogged() {
    try {
      int marked = sweep();
      if (marked > 0) {
        LOG.info("marked {} run(s) crashed: no heartbeat for {}", marked, crashAfter);
      }
    } catch (RuntimeException e) {
      // The next sweep tries again (the database may be back by then).
      LOG.warn("the crash sweep failed", e);
    }
  }

  /** Stops sweeping and waits (up to 10 s) for a sweep under way. */
  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdown(); // cancels the next sweeps; a sweep under way commits or rolls back
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer = null;
  }
}
