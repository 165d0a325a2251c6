package dev.vane.server.store.history;

import dev.vane.protocol.HistoryRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Puts a batch of rows, already held as one {@link PointColumn} per key ({@link HistoryBatch}):
 * per series it either appends new chunks (the usual case: every step is past the series' last
 * one) or rewrites the series from the first chunk the batch reaches (late or repeated steps, new
 * values winning; and the compaction of small open chunks into full ones).
 *
 * <p>Per batch this costs one query for the batch's series, one batched update of them and one
 * batched insert of the new chunks: no SQL per point, and no rewrite of stored bytes on the usual
 * path.
 */
final class HistoryWriter {
  /** The most open chunks a series gathers (from small batches) before they are compacted. */
  static final int MAX_OPEN_CHUNKS = 16;

  private final HistoryTables tables;

  HistoryWriter(HistoryTables tables) {
    this.tables = tables;
  }

  /**
   * How many open chunks a run's series gather before compaction: between half and all of {@link
   * #MAX_OPEN_CHUNKS}, fixed per run. Runs started together that send a batch a second would
   * otherwise all compact in the same second, and their compactions queue every ingest request
   * behind them.
   */
  static int openChunkLimit(long runPk) {
    int spread = MAX_OPEN_CHUNKS / 2;
    long mixed = runPk * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive keys spread out
    return MAX_OPEN_CHUNKS - (int) ((mixed >>> 32) % (spread + 1));
  }

  /**
   * The points one batch's compactions may copy: a chunk's worth, or {@value
   * #COPY_BUDGET_PER_POINT} per point of the batch when that is more (compaction copies a point
   * about 4 to 6 times in all, so deferred compactions catch up). Series logged together hold the
   * same number of points, so they reach the large merges (2,560 points and more) in the same
   * batch, and so do runs started together at one rate, whatever their compaction limits;
   * unbounded, such a batch copied every series' points and held the write lock for all of them.
   * Bounded, the large merges spread over the next batches.
   */
  static final int COPY_BUDGET_POINTS = ChunkCodec.MAX_POINTS;

  static final int COPY_BUDGET_PER_POINT = 8;

  /** What a batch's compactions may still copy. */
  private static final class CopyBudget {
    private final long budget;
    private long left;

    CopyBudget(long batchPoints) {
      budget = Math.max(COPY_BUDGET_POINTS, COPY_BUDGET_PER_POINT * batchPoints);
      left = budget;
    }

    /** Whether anything is left. */
    boolean left() {
      return left > 0;
    }

    /** Whether a compaction copying {@code points} goes now; a batch's first always does. */
    boolean take(long points) {
      if (left < budget && points > left) {
        return false;
      }
      left -= points;
      return true;
    }
  }

  /** What writing one series changed. */
  private record Written(SeriesRow row, long newPoints) {}

  /** {@link #concatenate}'s answer when the batch's copy budget does not allow it now. */
  private static final Written DEFERRED = new Written(null, 0);

  /** Stores the batch; returns how many steps are new (the growth of the history length). */
  long put(long runPk, HistoryBatch batch) {
    List<String> keys = batch.keys();
    if (batch.isEmpty() || keys.isEmpty()) {
      return 0;
    }
    Map<String, SeriesRow> existing = tables.series(runPk, keys);
    long nextId = -1;
    List<SeriesRow> inserted = new ArrayList<>();
    List<SeriesRow> updated = new ArrayList<>();
    List<HistoryTables.NewChunk> chunks = new ArrayList<>();
    CopyBudget budget = new CopyBudget(batch.size() * (long) keys.size());
    long newSteps = 0;
    // The series with the most open chunks first: they have waited longest for the budget.
    List<Integer> order = new ArrayList<>(keys.size());
    for (int k = 0; k < keys.size(); k++) {
      order.add(k);
    }
    order.sort(
        Comparator.comparingInt(
            k -> {
              SeriesRow r = existing.get(keys.get(k));
              return r == null ? 0 : -r.openChunks();
            }));
    for (int k : order) {
      String key = keys.get(k);
      PointColumn col = batch.column(k).sortedKeepingLast();
      SeriesRow old = existing.get(key);
      boolean isNew = old == null;
      if (isNew) {
        nextId = nextId < 0 ? tables.maxSeriesId(runPk) + 1 : nextId + 1;
        old = new SeriesRow(nextId, key, 0, false, null, null, null, 0, 0);
      }
      Written w =
          old.lastStep() == null || col.step(0) > old.lastStep()
              ? append(runPk, old, col, chunks, budget)
              : rewrite(runPk, old, col, chunks);
      if (key.equals(HistoryRow.STEP)) {
        newSteps = w.newPoints();
      }
      (isNew ? inserted : updated).add(w.row());
    }
    tables.saveSeries(runPk, inserted, updated);
    tables.insertChunks(runPk, chunks);
    return newSteps;
  }

  /**
   * Every step of the column is past the series' last one: its points become new chunks at the
   * end of the series (one per kind, usually one). No stored chunk is read or rewritten, so a batch
   * costs its own points. The chunks after the last full one are the series' open region; once it
   * holds a chunk's worth of points, or {@link #openChunkLimit} chunks, it is compacted with the
   * batch ({@link #concatenate}).
   */
  private Written append(
      long runPk,
      SeriesRow old,
      PointColumn col,
      List<HistoryTables.NewChunk> chunks,
      CopyBudget budget) {
    int numeric = 0;
    for (int i = 0; i < col.size(); i++) {
      numeric += col.kind(i) == ValueKind.TEXT ? 0 : 1;
    }
    int limit = openChunkLimit(runPk);
    boolean due =
        old.openFrom() != null
            && numeric > 0
            && (old.openCount() + numeric >= ChunkCodec.MAX_POINTS || old.openChunks() >= limit);
    if (due && budget.left()) {
      // Past the batch's budget a compaction waits for a later batch.
      Written joined = concatenate(runPk, old, col, chunks, budget);
      if (joined != DEFERRED) {
        return joined != null ? joined : rewrite(runPk, old, col, chunks);
      }
    }
    PointColumn points = col;
    if (col.hasText()) {
      tables.putTexts(runPk, old.seriesId(), col, false);
      points = new PointColumn(numeric);
      for (int i = 0; i < col.size(); i++) {
        if (col.kind(i) != ValueKind.TEXT) {
          points.add(col.step(i), col.kind(i), col.bits(i));
        }
      }
    }
    int before = chunks.size();
    Open open = seal(old.seriesId(), points, chunks);
    if (numeric > 0 && numeric < ChunkCodec.MAX_POINTS) {
      // every new chunk is partial: they join the open region
      int added = chunks.size() - before;
      open =
          old.openFrom() == null
              ? new Open(points.step(0), numeric, added)
              : new Open(old.openFrom(), old.openCount() + numeric, old.openChunks() + added);
    } else if (numeric == 0) {
      open = new Open(old.openFrom(), old.openCount(), old.openChunks());
    }
    SeriesRow row =
        new SeriesRow(
            old.seriesId(),
            old.name(),
            old.pointCount() + numeric,
            old.hasText() || col.hasText(),
            old.firstStep() == null ? col.step(0) : old.firstStep(),
            col.step(col.size() - 1),
            open.from(),
            open.count(),
            open.chunks());
    return new Written(row, col.size());
  }

  /**
   * Compacts the open region with the batch without decoding: the batch's new blocks and a suffix
   * of the open chunks are concatenated into chunks of at most {@link ChunkCodec#MAX_POINTS}. Only
   * when the open chunks and the batch share one kind and the batch has no text; else {@code null}
   * (the caller rewrites instead).
   *
   * <p>Which suffix: when the region and the batch fill a chunk, all of it (the full chunk closes).
   * Otherwise the merge takes open chunks from the end for as long as what it holds is at least
   * half the next older chunk, like a binary counter: each merge about doubles a chunk, so a point
   * is copied about log2(4,096 / batch) times before its chunk closes, not once per compaction as
   * when every compaction copied the whole region (12 times for the SDK's 10-row batches; the
   * copies of 200 runs compacting in the same second held the write lock for up to a second).
   *
   * @param budget what the batch may still copy: {@link #DEFERRED} when the merge would copy more
   *     (nothing is written then)
   */
  private Written concatenate(
      long runPk,
      SeriesRow old,
      PointColumn col,
      List<HistoryTables.NewChunk> chunks,
      CopyBudget budget) {
    if (col.hasText()) {
      return null;
    }
    byte kind = col.kind(0);
    for (int i = 1; i < col.size(); i++) {
      if (col.kind(i) != kind) {
        return null;
      }
    }
    List<List<ChunkCodec.EncodedBlock>> open = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (byte[] chunk : tables.chunksFrom(runPk, old.seriesId(), old.openFrom())) {
      if (chunk[1] != kind) {
        return null;
      }
      List<ChunkCodec.EncodedBlock> blocks = ChunkCodec.blocks(chunk);
      open.add(blocks);
      counts.add(blocks.stream().mapToInt(b -> b.meta().count()).sum());
    }
    int first = open.size();
    int merged = col.size();
    if (old.openCount() + col.size() >= ChunkCodec.MAX_POINTS) {
      first = 0;
      merged += old.openCount();
    } else {
      while (first > 0 && 2 * merged >= counts.get(first - 1)) {
        merged += counts.get(--first);
      }
    }
    if (!budget.take(merged - col.size())) {
      return DEFERRED;
    }
    List<ChunkCodec.EncodedBlock> blocks = new ArrayList<>();
    for (List<ChunkCodec.EncodedBlock> c : open.subList(first, open.size())) {
      blocks.addAll(c);
    }
    blocks.addAll(
        ChunkCodec.encodeBlocks(
            kind, col.kindArray(), col.stepArray(), col.bitsArray(), 0, col.size()));
    if (first < open.size()) {
      tables.deleteChunksFrom(runPk, old.seriesId(), blocks.get(0).meta().minStep());
    }
    // The kept open chunks stay open; the merged ones follow them.
    Long openFrom = first > 0 ? old.openFrom() : null;
    int openCount = 0;
    for (int c = 0; c < first; c++) {
      openCount += counts.get(c);
    }
    int openChunks = first;
    int start = 0;
    while (start < blocks.size()) {
      int count = 0;
      int end = start;
      while (end < blocks.size()
          && count + blocks.get(end).meta().count() <= ChunkCodec.MAX_POINTS) {
        count += blocks.get(end).meta().count();
        end++;
      }
      byte[] data = ChunkCodec.concat(kind, blocks.subList(start, end));
      chunks.add(new HistoryTables.NewChunk(old.seriesId(), kind, ChunkCodec.stats(data), data));
      // a nearly full last chunk is left closed, so no later compaction copies it again
      // (behind kept open chunks it stays open: the region is the chunks from its first step on)
      boolean stillOpen =
          end == blocks.size()
              && (first > 0 || count < ChunkCodec.MAX_POINTS - ChunkCodec.BLOCK_POINTS);
      if (stillOpen) {
        openFrom = openFrom != null ? openFrom : blocks.get(start).meta().minStep();
        openCount += count;
        openChunks++;
      }
      start = end;
    }
    SeriesRow row =
        new SeriesRow(
            old.seriesId(),
            old.name(),
            old.pointCount() + col.size(),
            old.hasText(),
            old.firstStep(),
            col.step(col.size() - 1),
            openFrom,
            openCount,
            openChunks);
    return new Written(row, col.size());
  }

  /**
   * Some step is at or before the series' last one, or the open region is due for compaction:
   * decode the series from the first chunk the column (or the open region) reaches, merge (the
   * column wins each step it holds), and write that suffix again as full chunks and an open one.
   */
  private Written rewrite(
      long runPk, SeriesRow old, PointColumn col, List<HistoryTables.NewChunk> chunks) {
    long from = col.step(0);
    if (old.openFrom() != null) {
      from = Math.min(from, old.openFrom());
    }
    PointColumn stored = new PointColumn(ChunkCodec.MAX_POINTS);
    for (byte[] chunk : tables.chunksFrom(runPk, old.seriesId(), from)) {
      ChunkCodec.decode(chunk, stored);
    }
    PointColumn merged = new PointColumn(stored.size() + col.size());
    long newPoints = 0;
    int i = 0;
    int j = 0;
    while (i < stored.size() || j < col.size()) {
      if (j == col.size() || (i < stored.size() && stored.step(i) < col.step(j))) {
        merged.addFrom(stored, i++);
        continue;
      }
      boolean replaces = i < stored.size() && stored.step(i) == col.step(j);
      if (replaces) {
        i++;
      } else {
        newPoints++;
      }
      if (col.kind(j) != ValueKind.TEXT) {
        merged.add(col.step(j), col.kind(j), col.bits(j));
      }
      j++;
    }
    tables.deleteChunksFrom(runPk, old.seriesId(), from);
    if (old.hasText() || col.hasText()) {
      // A step's new value replaces its old one wherever that was, numeric or text.
      tables.putTexts(runPk, old.seriesId(), col, old.hasText());
    }
    Open open = seal(old.seriesId(), merged, chunks);
    SeriesRow row =
        new SeriesRow(
            old.seriesId(),
            old.name(),
            old.pointCount() - stored.size() + merged.size(),
            old.hasText() || col.hasText(),
            old.firstStep() == null ? col.step(0) : Math.min(old.firstStep(), col.step(0)),
            old.lastStep() == null
                ? col.step(col.size() - 1)
                : Math.max(old.lastStep(), col.step(col.size() - 1)),
            open.from(),
            open.count(),
            open.chunks());
    return new Written(row, newPoints);
  }

  /**
   * Cuts numeric points into chunks of one kind (integers and doubles together as MIXED) of at
   * most {@link ChunkCodec#MAX_POINTS}, added to {@code out}. Returns the open region they leave:
   * the last chunk when it is partial.
   */
  private static Open seal(long seriesId, PointColumn points, List<HistoryTables.NewChunk> out) {
    int n = points.size();
    long[] steps = points.stepArray();
    long[] bits = points.bitsArray();
    byte[] kinds = points.kindArray();
    Open open = new Open(null, 0, 0);
    int start = 0;
    while (start < n) {
      byte kind = kinds[start];
      boolean longsFit = kind != ValueKind.LONG || ValueKind.fitsDouble(bits[start]);
      int end = start + 1;
      for (; end < n && end - start < ChunkCodec.MAX_POINTS; end++) {
        byte k = kinds[end];
        boolean fits = k != ValueKind.LONG || ValueKind.fitsDouble(bits[end]);
        if (k != kind) {
          if (kind != ValueKind.MIXED && !(longsFit && fits)) {
            break;
          }
          if (kind == ValueKind.MIXED && !fits) {
            break;
          }
          kind = ValueKind.MIXED;
        }
        longsFit &= fits;
      }
      out.add(
          new HistoryTables.NewChunk(
              seriesId,
              kind,
              ChunkStats.of(kinds, steps, bits, start, end),
              ChunkCodec.encode(kind, kinds, steps, bits, start, end)));
      open = end - start < ChunkCodec.MAX_POINTS ? new Open(steps[start], end - start, 1) : open;
      start = end;
    }
    return open;
  }

  /**
   * The open region of a series: the chunks after its last full one.
   *
   * @param from the first step of the region, or {@code null} when there is none
   * @param count the points in it
   * @param chunks the chunks in it
   */
  private record Open(Long from, int count, int chunks) {}
}
