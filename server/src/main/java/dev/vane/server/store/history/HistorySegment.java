package dev.vane.server.store.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stretch of a run's history stored under some run: its own rows, or (for a fork or rewind) the
 * rows of a source run up to the branch step. A run's history is its segments in step order; their
 * step ranges do not overlap.
 *
 * @param runPk the run whose rows hold the stretch
 * @param fromStep the first step, inclusive
 * @param toStep the last step, inclusive
 */
record HistorySegment(long runPk, long fromStep, long toStep) {
  /** Far more than any real chain of forks; a longer one means a cycle, which is a bug. */
  private static final int MAX_DEPTH = 10_000;

  /** The segments of a run's history, oldest first, following its fork sources. */
  static List<HistorySegment> lineage(HistoryTables tables, long runPk) {
    List<HistorySegment> out = new ArrayList<>(1);
    long pk = runPk;
    long to = Long.MAX_VALUE;
    for (int depth = 0; ; depth++) {
      if (depth > MAX_DEPTH) {
        throw new IllegalStateException("the fork chain of run pk " + runPk + " does not end");
      }
      HistoryTables.Branch branch = tables.branch(pk);
      if (branch == null) {
        out.add(new HistorySegment(pk, 0, to));
        break;
      }
      if (branch.step() < to) {
        out.add(new HistorySegment(pk, branch.step() + 1, to));
      }
      to = Math.min(to, branch.step());
      pk = branch.sourcePk();
    }
    Collections.reverse(out);
    return out;
  }

  /** Whether the segment holds any step of {@code [from, to]}. */
  boolean overlaps(long from, long to) {
    return fromStep <= to && toStep >= from;
  }

  /** Whether a series with points from {@code first} to {@code last} has any in this segment. */
  boolean mayHold(SeriesRow s) {
    return s.firstStep() != null && overlaps(s.firstStep(), s.lastStep());
  }
}
