package dev.vane.internal;

import dev.vane.protocol.HistoryRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step rules of {@code Run.log}, as W&amp;B's handler applies them: the current step, and the
 * pending row of values logged at it but not yet written. Not thread-safe: the run's lock guards it.
 */
final class StepState {
  private static final int MAX_STEP_WARNINGS = 5;

  private long step;
  private final Map<String, Object> pending = new LinkedHashMap<>();
  private boolean hasPending;
  private double runtime;
  private double timestamp;
  private int stepWarnings;

  /** The current step. */
  long step() {
    return step;
  }

  /**
   * Applies one log call.
   *
   * @param values flat values
   * @param explicitStep the step asked for, or {@code null}
   * @param commit whether to write the row; {@code null} for the default (commit unless a step is
   *     given)
   * @param rows receives the rows to write, in order
   * @return {@code false} when the values were dropped (a step lower than the current one)
   */
  boolean log(Map<String, Object> values, Long explicitStep, Boolean commit, double runtime,
      double timestamp, List<Map<String, Object>> rows, Diagnostics diag) {
    boolean write;
    if (explicitStep != null) {
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
        flush(rows);
        step = explicitStep;
      }
      write = Boolean.TRUE.equals(commit);
    } else {
      write = commit == null || commit;
    }
    pending.putAll(values);
    hasPending = true;
    this.runtime = runtime;
    this.timestamp = timestamp;
    if (write) {
      flush(rows);
      step++;
    }
    return true;
  }

  /** Adds the pending row, if any, to {@code rows}. */
  void flush(List<Map<String, Object>> rows) {
    if (!hasPending) {
      return;
    }
    Map<String, Object> row = new LinkedHashMap<>(pending);
    row.put(HistoryRow.STEP, step);
    row.put(HistoryRow.RUNTIME, runtime);
    row.put(HistoryRow.TIMESTAMP, timestamp);
    rows.add(row);
    pending.clear();
    hasPending = false;
  }
}
