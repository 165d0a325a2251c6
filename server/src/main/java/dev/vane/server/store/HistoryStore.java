package dev.vane.server.store;

import java.util.List;
import java.util.Map;

/**
 * A run's history: one row of values per step. Rows are maps of flat keys to numbers, booleans or
 * strings, including {@code _step}, {@code _runtime} and {@code _timestamp}. How rows are laid out
 * in storage is up to the implementation.
 */
public interface HistoryStore {

  /**
   * Stores rows. A row at a step that already has one merges into it: its keys replace the stored
   * values, other keys stay.
   *
   * @param rows rows, each with an integer {@code _step}
   * @return how many steps were new (the growth of the history length)
   */
  long put(long runPk, List<Map<String, Object>> rows);

  /** Rows in step order, cut by the query. */
  List<Map<String, Object>> read(long runPk, HistoryQuery query);

  /** Deletes all rows of the run. */
  void deleteAll(long runPk);
}
