package dev.vane.server.store;

import dev.vane.server.store.history.HistoryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's history: one row of values per step. Rows are maps of flat keys to numbers, booleans or
 * strings, including {@code _step}, {@code _runtime} and {@code _timestamp}. Each key is stored as
 * its own series; rows are rebuilt by step on reading.
 */
public interface HistoryStore {

  /**
   * Stores rows, in the caller's transaction. A row at a step that already has one merges into it:
   * its keys replace the stored values, other keys stay.
   *
   * @param rows rows, each with a {@code Long} {@code _step >= 0}
   * @return how many steps were new (the growth of the history length)
   */
  default long put(long runPk, List<Map<String, Object>> rows) {
    return put(runPk, HistoryBatch.of(rows));
  }

  /**
   * Stores a batch of rows held as columns (the ingest path), as {@link #put(long, List)} would
   * store the same rows; the batch is read, not changed.
   *
   * @return how many steps were new (the growth of the history length)
   */
  long put(long runPk, HistoryBatch batch);

  /**
   * Passes the query's rows to the sink in step order, one at a time, holding only a bounded window
   * of the history in memory. Values are Long, Double (NaN and infinities included), String,
   * Boolean, null, or what a stored JSON value holds.
   */
  void stream(long runPk, HistoryQuery query, Consumer<Map<String, Object>> sink);

  /** The query's rows in step order, in a list; for small reads. */
  default List<Map<String, Object>> read(long runPk, HistoryQuery query) {
    List<Map<String, Object>> rows = new ArrayList<>();
    stream(runPk, query, rows::add);
    return rows;
  }

  /**
   * Full-fidelity buckets of a key's numeric points: the step range {@code [minStep, maxStep]}
   * (either {@code null}: the key's first or last step) cut into at most {@code buckets} of equal
   * width, empty ones left out, each with exact min and max; when the range holds no more than
   * {@code buckets} points, one bucket per point. Empty for an unknown key or one without numbers.
   */
  List<HistoryBucket> sampled(long runPk, String key, int buckets, Long minStep, Long maxStep);

  /** The run's keys, in order of first appearance ({@code _step} and the like included). */
  List<String> keys(long runPk);

  /**
   * The run's last step, or -1 when it has no rows. For a fork the source's rows count up to the
   * branch step; a source row after it may make the answer up to the branch step itself.
   */
  long lastStep(long runPk);

  /**
   * Deletes the run's own history. The history of a fork or rewound run reads its source's rows up
   * to the branch step (every method here follows the chain); those stay with the source.
   */
  void deleteAll(long runPk);
}
