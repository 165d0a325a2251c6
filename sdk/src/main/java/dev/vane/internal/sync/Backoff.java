package dev.vane.internal.sync;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: 0.5 s doubling to 10 s, each wait drawn between half and all
 * of the current step. Not thread-safe.
 *
 * <p>The cap bounds how long a live run takes to notice that the server is back after an outage
 * (at most 10 s, whatever the outage's length), while one run still asks a server that is away
 * only every 5 to 10 s.
 */
final class Backoff {
  static final long FIRST_MILLIS = 500;
  static final long MAX_MILLIS = 10_000;

  private long step = FIRST_MILLIS;

  /** The next wait in milliseconds. */
  long next() {
    long s = step;
    step = Math.min(MAX_MILLIS, step * 2);
    return s / 2 + ThreadLocalRandom.current().nextLong(s / 2 + 1);
  }

  /** Starts again from the first step after a success. */
  void reset() {
    step = FIRST_MILLIS;
  }
}
