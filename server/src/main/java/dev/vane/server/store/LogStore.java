package dev.vane.server.store;

import java.util.List;

/** The console lines of runs, numbered from 0 per run in the order they were recorded. */
public interface LogStore {

  /** How many lines the run has: also the number its next line gets. */
  long count(long runPk);

  /**
   * Adds lines at the end of the run's lines; their numbers must continue from {@link
   * #count(long)}.
   */
  void append(long runPk, List<LogLine> lines);

  /** Up to {@code limit} lines from line number {@code offset} on, in order. */
  List<LogLine> page(long runPk, long offset, int limit);

  /** Deletes all the run's lines. */
  void deleteAll(long runPk);
}
