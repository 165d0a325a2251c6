package dev.vane.server.store.history;

import dev.vane.server.store.HistoryBucket;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.HistoryStore;
import dev.vane.protocol.HistoryRow;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * History as compressed columnar chunks per (run, key) series, with statistics in columns; the
 * design is in {@code docs/storage.md}. Works on one Jdbi handle (inside
 * the caller's transaction for writes) with SQL that SQLite and PostgreSQL both run.
 *
 * <p>{@link #system} is the same engine on the {@code system_*} tables: system metrics, whose
 * step is the runtime in milliseconds and which forks and rewinds do not inherit.
 */
public final class ChunkedHistoryStore implements HistoryStore {
  private final HistoryTables tables;

  /** The history store on a handle; cheap, holds only the handle. */
  public ChunkedHistoryStore(Handle handle) {
    this(handle, HistoryTables.Layout.HISTORY);
  }

  private ChunkedHistoryStore(Handle handle, HistoryTables.Layout layout) {
    this.tables = new HistoryTables(handle, layout);
  }

  /** The system metrics store on a handle; cheap, holds only the handle. */
  public static ChunkedHistoryStore system(Handle handle) {
    return new ChunkedHistoryStore(handle, HistoryTables.Layout.SYSTEM);
  }

  @Override
  public long put(long runPk, HistoryBatch batch) {
    return new HistoryWriter(tables).put(runPk, batch);
  }

  @Override
  public void stream(long runPk, HistoryQuery query, Consumer<Map<String, Object>> sink) {
    List<HistorySegment> segments = HistorySegment.lineage(tables, runPk);
    HistoryRowReader reader = new HistoryRowReader(tables);
    if (segments.size() == 1) {
      reader.stream(runPk, query, sink);
      return;
    }
    long from = query.minStep() == null ? 0 : query.minStep();
    long to = query.maxStep() == null ? Long.MAX_VALUE : query.maxStep();
    int[] left = {query.limit() == null ? Integer.MAX_VALUE : query.limit()};
    for (HistorySegment seg : segments) {
      if (left[0] <= 0 || !seg.overlaps(from, to)) {
        continue;
      }
      HistoryQuery part =
          new HistoryQuery(
              query.keys(),
              Math.max(from, seg.fromStep()),
              Math.min(to, seg.toStep()),
              left[0]);
      reader.stream(
          seg.runPk(),
          part,
          row -> {
            left[0]--;
            sink.accept(row);
          });
    }
  }

  @Override
  public List<HistoryBucket> sampled(
      long runPk, String key, int buckets, Long minStep, Long maxStep) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, not " + buckets);
    }
    return new BucketSampler(tables)
        .sample(HistorySegment.lineage(tables, runPk), key, buckets, minStep, maxStep);
  }

  @Override
  public List<String> keys(long runPk) {
    List<HistorySegment> segments = HistorySegment.lineage(tables, runPk);
    if (segments.size() == 1) {
      return tables.names(runPk);
    }
    Set<String> keys = new LinkedHashSet<>();
    for (HistorySegment seg : segments) {
      for (SeriesRow s : tables.allSeries(seg.runPk())) {
        if (seg.mayHold(s)) {
          keys.add(s.name());
        }
      }
    }
    return List.copyOf(keys);
  }

  @Override
  public long lastStep(long runPk) {
    long last = -1;
    for (HistorySegment seg : HistorySegment.lineage(tables, runPk)) {
      SeriesRow steps = tables.series(seg.runPk(), HistoryRow.STEP).orElse(null);
      if (steps != null && seg.mayHold(steps)) {
        last = Math.max(last, Math.min(seg.toStep(), steps.lastStep()));
      }
    }
    return last;
  }

  @Override
  public void deleteAll(long runPk) {
    tables.deleteRun(runPk);
  }
}
