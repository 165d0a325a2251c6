package dev.vane.internal;

import java.util.concurrent.TimeUnit;

/**
 * A run's {@code _runtime} and {@code _timestamp}, in microseconds, from one {@link
 * System#nanoTime()} reading per log call. The Unix time is the last wall-clock reading plus the
 * monotonic time since, and the wall clock is read again once a second, so timestamps follow clock
 * changes within a second while most calls read one clock instead of two. Microseconds, because
 * the rows write them as fixed-point decimals, which is much cheaper than formatting a double and
 * loses nothing a wall clock in milliseconds could tell. Not thread-safe: the run's lock guards it.
 */
final class RunClock {
  private static final long REANCHOR_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long startNanos;
  private final long offsetMicros;
  private long anchorNanos;
  private long anchorMicros;

  /**
   * @param startNanos {@code System.nanoTime()} at the start of the run
   * @param startTime the Unix time in seconds at the same moment
   * @param offsetSeconds the runtime at the start: the live time of a continued run
   */
  RunClock(long startNanos, double startTime, double offsetSeconds) {
    this.startNanos = startNanos;
    this.offsetMicros = (long) (offsetSeconds * 1e6);
    this.anchorNanos = startNanos;
    this.anchorMicros = (long) Math.ceil(startTime * 1e6);
  }

  /**
   * Microseconds from the start to {@code nanos} (a {@code System.nanoTime()} reading), plus the
   * runtime a continued run had before.
   */
  long runtimeMicros(long nanos) {
    return offsetMicros + (nanos - startNanos) / 1000;
  }

  /** The Unix time in microseconds at {@code nanos}; it may be before the last clock reading. */
  long timestampMicros(long nanos) {
    if (nanos - anchorNanos >= REANCHOR_NANOS) {
      // Anchor at the present, not at nanos: a row may be written well after its last call.
      anchorNanos = System.nanoTime();
      anchorMicros = System.currentTimeMillis() * 1000;
    }
    return anchorMicros + Math.floorDiv(nanos - anchorNanos, 1000);
  }
}
