package dev.vane.cli;

/**
 * The seed of a fault suite's random choices: {@code -Dvane.faults.seed} when given, else the
 * clock; printed, and named in failure messages, so that a failed run can be replayed exactly.
 */
final class FaultSeed {
  /** The system property that replays a seed. */
  static final String PROPERTY = "vane.faults.seed";

  private FaultSeed() {}

  /** The seed for {@code suite}, printed with how to replay it. */
  static long of(Class<?> suite) {
    long seed = Long.getLong(PROPERTY, System.nanoTime());
    System.out.println(
        suite.getSimpleName() + " seed " + seed + " (replay: -D" + PROPERTY + "=" + seed + ")");
    return seed;
  }
}
