package dev.vane.protocol;

/**
 * Where a run branches off another: a fork (a new run sharing the source's history up to a step)
 * or a rewind (the same run, its history after a step set aside). Written in options as {@code
 * "ID?_step=N"}.
 *
 * @param kind {@link #FORK} or {@link #REWIND}
 * @param run the ID of the source run, in the same project
 * @param step the last step of the source's history that the branch keeps; the branch continues at
 *     {@code step + 1}
 */
public record RunBranch(String kind, String run, long step) {
  /** A new run sharing the source's history up to the step. */
  public static final String FORK = "fork";

  /** The same run, its history after the step archived with the original. */
  public static final String REWIND = "rewind";

  /**
   * Parses {@code "ID?_step=N"}.
   *
   * @param argument the option's name, for messages
   * @throws IllegalArgumentException naming the argument when the text is not of that form
   */
  public static RunBranch parse(String kind, String argument, String text) {
    if (!FORK.equals(kind) && !REWIND.equals(kind)) {
      throw new IllegalArgumentException("kind must be fork or rewind, not " + kind);
    }
    String form = argument + " must be \"RUN_ID?_step=N\" with a step N >= 0";
    if (text == null) {
      throw new IllegalArgumentException(form + ", not null");
    }
    int q = text.indexOf('?');
    if (q <= 0 || !text.startsWith("_step=", q + 1)) {
      throw new IllegalArgumentException(form + " (only _step is supported), not \"" + text + "\"");
    }
    String number = text.substring(q + 1 + "_step=".length());
    long step;
    try {
      step = Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(form + ", not \"" + text + "\"", e);
    }
    if (step < 0) {
      throw new IllegalArgumentException(form + ", not \"" + text + "\"");
    }
    return new RunBranch(kind, text.substring(0, q), step);
  }

  /** The {@code "ID?_step=N"} form. */
  @Override
  public String toString() {
    return run + "?_step=" + step;
  }
}
