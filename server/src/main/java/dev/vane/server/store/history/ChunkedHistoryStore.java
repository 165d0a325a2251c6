package dev.vane.server.store.history;

import dev.vane.server.store.HistoryBucket;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.HistoryStore;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * History as compressed columnar chunks per (run, key) series, with statistics in columns; the
 * design is in {@code docs/storage.md}. Works on one Jdbi handle (inside
 * the caller's transaction for writes) with SQL that SQLite and PostgreSQL both run.
 */
public final class ChunkedHistoryStore implements HistoryStore {
  private final HistoryTables tables;

  /** The store on a handle; cheap, holds only the handle. */
  public ChunkedHistoryStore(Handle handle) {
    this.tables = new HistoryTables(handle);
  }

  @Override
  public long put(long runPk, HistoryBatch batch) {
    return new HistoryWriter(tables).put(runPk, batch);
  }

  @Override
  public void stream(long runPk, HistoryQuery query, Consumer<Map<String, Object>> sink) {
    new HistoryRowReader(tables).stream(runPk, query, sink);
  }

  @Override
  public List<HistoryBucket> sampled(
      long runPk, String key, int buckets, Long minStep, Long maxStep) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, not " + buckets);
    }
    return new BucketSampler(tables).sample(runPk, key, buckets, minStep, maxStep);
  }

  @Override
  public List<String> keys(long runPk) {
    return tables.names(runPk);
  }

  @Override
  public void deleteAll(long runPk) {
    tables.deleteRun(runPk);
  }
}
