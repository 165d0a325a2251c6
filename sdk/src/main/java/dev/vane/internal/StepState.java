package dev.vane.internal;

/**
 * The step rules of {@code Run.log}, as W&amp;B's handler applies them: the current step, and
 * whether values logged at it wait in the pending row, with the time of the last such call. Not
 * thread-safe: the run's lock guards it.
 */
final class StepState {
  private static final int MAX_STEP_WARNINGS = 5;

  private long step;
  private boolean hasPending;
  private long nanos;
  private int stepWarnings;

  /** Starts at {@code step} instead of 0: a resumed or branched run continues its history. */
  void startAt(long step) {
    this.step = step;
  }

  /** The current step. */
  long step() {
    return step;
  }

  /**
   * Moves to an explicit step before a log call's values are added. A higher step first writes the
   * pending row ({@code flush}); a lower one drops the call with W&amp;B's warning.
   *
   * @param hasStep whether the call gave a step; without one, nothing moves
   * @return {@code false} when the values are to be dropped
   */
  boolean moveTo(boolean hasStep, long explicitStep, Diagnostics diag, Runnable flush) {
    if (!hasStep) {
      return true;
    }
    if (explicitStep < step) {
      String m = String.format("Tried to log to step %d that is less than the current step %d."
          + " Steps must be monotonically increasing, so this data will be ignored.",
          explicitStep, step);
      if (++stepWarnings <= MAX_STEP_WARNINGS) {
        diag.warn(m);
      } else {
        diag.debug(m);
        if (stepWarnings == MAX_STEP_WARNINGS + 1) {
          diag.warn("more values were logged to earlier steps and ignored;"
              + " further warnings about it are not shown");
        }
      }
      return false;
    }
    if (explicitStep > step) {
      flush.run();
      step = explicitStep;
    }
    return true;
  }

  /** Notes a log call's values added to the pending row at {@code nanos}. */
  void touched(long nanos) {
    hasPending = true;
    this.nanos = nanos;
  }

  /** Whether the current step has a row to write. */
  boolean hasPending() {
    return hasPending;
  }

  /** {@code System.nanoTime()} at the last call that added to the pending row. */
  long nanos() {
    return nanos;
  }

  /** Notes the pending row written. */
  void written() {
    hasPending = false;
  }

  /** Moves to the next step after a commit. */
  void next() {
    step++;
  }
}
