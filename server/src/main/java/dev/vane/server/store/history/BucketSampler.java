package dev.vane.server.store.history;

import dev.vane.server.store.HistoryBucket;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-fidelity sampling of one series: the step range is cut into at most B buckets of equal
 * width, each with exact count, min, max and last. Statistics do most of the work: a chunk inside
 * one bucket adds its columns, a block inside one bucket its header entry, and only blocks cut by
 * an edge are decoded. A block (or chunk) spanning at most 1/8 of a bucket is never cut: it goes
 * whole to the bucket where it starts, so an edge moves by less than 1/8 of a bucket to the next
 * block edge. Every point still lands in exactly one bucket (min and max stay exact) and each
 * bucket reports the steps it really holds; a 10 M point series then needs no blob at all.
 *
 * <p>When the range holds no more than B points, every point is its own bucket. Only numeric points
 * are sampled; a series of strings or booleans has no buckets.
 */
final class BucketSampler {
  private final HistoryTables tables;

  BucketSampler(HistoryTables tables) {
    this.tables = tables;
  }

  /** A segment's series of the key, and the part of the range it covers. */
  private record Part(long runPk, SeriesRow series, long lo, long hi) {}

  /**
   * The buckets of the key over {@code [minStep, maxStep]} ({@code null}: the series' end) of a
   * history made of segments (a fork's source rows, then its own): one grid over the whole range,
   * each segment adding its points in its part of it.
   */
  List<HistoryBucket> sample(
      List<HistorySegment> segments, String key, int buckets, Long minStep, Long maxStep) {
    List<Part> parts = new ArrayList<>(segments.size());
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (HistorySegment seg : segments) {
      SeriesRow series = tables.series(seg.runPk(), key).orElse(null);
      if (series == null || !seg.mayHold(series)) {
        continue;
      }
      parts.add(new Part(seg.runPk(), series, seg.fromStep(), seg.toStep()));
      first = Math.min(first, Math.max(seg.fromStep(), series.firstStep()));
      last = Math.max(last, Math.min(seg.toStep(), series.lastStep()));
    }
    if (parts.isEmpty()) {
      return List.of();
    }
    long lo = Math.max(0, minStep == null ? first : minStep);
    long hi = maxStep == null ? last : maxStep;
    if (lo > hi) {
      return List.of();
    }
    long width = (hi - lo) / buckets + 1;
    BucketAccumulator acc = new BucketAccumulator(lo, width, buckets);
    long upperBound = 0;
    List<Part> clipped = new ArrayList<>(parts.size());
    for (Part p : parts) {
      Part c = new Part(p.runPk(), p.series(), Math.max(lo, p.lo()), Math.min(hi, p.hi()));
      if (c.lo() <= c.hi()) {
        clipped.add(c);
        upperBound += new Scan(c.runPk(), c.series(), c.lo(), c.hi(), width, acc).run();
      }
    }
    if (upperBound <= buckets || (acc.total() <= buckets && acc.merged())) {
      List<HistoryBucket> points = new ArrayList<>();
      for (Part c : clipped) {
        scanPoints(c.runPk(), c.series(), c.lo(), c.hi(), points);
      }
      return points;
    }
    return acc.buckets();
  }

  /** One pass over a series' chunks. */
  private final class Scan {
    private final long runPk;
    private final SeriesRow series;
    private final long lo;
    private final long hi;
    private final long uncut;
    private final BucketAccumulator acc;
    private final PointColumn scratch = new PointColumn(ChunkCodec.BLOCK_POINTS);
    /** Whether most blocks will be cut (buckets of few blocks): then bodies come with the scan. */
    private final boolean bodiesInline;

    Scan(long runPk, SeriesRow series, long lo, long hi, long width, BucketAccumulator acc) {
      this.runPk = runPk;
      this.series = series;
      this.lo = lo;
      this.hi = hi;
      this.uncut = width / 8;
      this.acc = acc;
      long span = Math.max(0, series.lastStep() - series.firstStep());
      double blockSpan = (double) span / Math.max(1, series.pointCount()) * ChunkCodec.BLOCK_POINTS;
      this.bodiesInline = blockSpan > uncut;
    }

    /** Adds the range's points; returns the points of the chunks it touched. */
    long run() {
      long[] touched = {0};
      tables
          .handle()
          .createQuery(
              "SELECT min_step, max_step, point_count, min_value, max_value, last_value,"
                  + " block_stats"
                  + (bodiesInline ? ", data" : "")
                  + " FROM " + tables.chunksTable() + " WHERE run_pk = :run AND series_id = :id"
                  + " AND max_step >= :from AND min_step <= :hi"
                  + tables.fromFloor
                  + " ORDER BY min_step")
          .bind("run", runPk)
          .bind("id", series.seriesId())
          .bind("from", lo)
          .bind("hi", hi)
          .scanResultSet(
              (rows, ctx) -> {
                ResultSet rs = rows.get();
                while (rs.next()) {
                  touched[0] += rs.getInt(3);
                  addChunk(rs);
                }
                return null;
              });
      return touched[0];
    }

    /** Whether points from {@code first} to {@code last} may go whole to one bucket. */
    private boolean whole(long first, long last) {
      return first >= lo
          && last <= hi
          && (acc.index(first) == acc.index(last) || last - first <= uncut);
    }

    private void addChunk(ResultSet rs) throws SQLException {
      long first = rs.getLong(1);
      long last = rs.getLong(2);
      if (whole(first, last)) {
        acc.add(
            acc.index(first),
            rs.getInt(3),
            first,
            last,
            HistoryTables.readDouble(rs, 4),
            HistoryTables.readDouble(rs, 5),
            HistoryTables.readDouble(rs, 6));
      } else {
        byte[] header = rs.getBytes(7);
        addBlocks(header, bodiesInline ? ChunkCodec.join(header, rs.getBytes(8)) : null);
      }
    }

    /** Adds a chunk block by block; its body is fetched only if a block must be decoded. */
    private void addBlocks(byte[] header, byte[] whole) {
      ChunkCodec.Header h = ChunkCodec.header(header);
      byte kind = h.kind();
      byte[] chunk = whole;
      for (ChunkCodec.Block b : h.blocks()) {
        if (b.maxStep() < lo || b.minStep() > hi) {
          continue;
        }
        if (whole(b.minStep(), b.maxStep())) {
          acc.add(
              acc.index(b.minStep()),
              b.count(),
              b.minStep(),
              b.maxStep(),
              ValueKind.asDouble(kind, b.minBits()),
              ValueKind.asDouble(kind, b.maxBits()),
              ValueKind.asDouble(kind, b.lastBits()));
          continue;
        }
        if (chunk == null) {
          byte[] body = tables.chunkBody(runPk, series.seriesId(), h.blocks()[0].minStep());
          if (body == null) {
            return; // replaced by a write since the scan began; reads are not one snapshot
          }
          chunk = ChunkCodec.join(header, body);
        }
        scratch.clear();
        ChunkCodec.decodeBlock(chunk, kind, b, scratch);
        for (int i = 0; i < scratch.size(); i++) {
          long s = scratch.step(i);
          if (s >= lo && s <= hi) {
            acc.add(s, ValueKind.asDouble(scratch.kind(i), scratch.bits(i)));
          }
        }
      }
    }
  }

  /** Every point in the range as its own bucket; used only when they are few. */
  private void scanPoints(long runPk, SeriesRow series, long lo, long hi, List<HistoryBucket> out) {
    SeriesRow numericOnly =
        new SeriesRow(
            series.seriesId(),
            series.name(),
            series.pointCount(),
            false,
            series.firstStep(),
            series.lastStep(),
            series.openFrom(),
            series.openCount(),
            series.openChunks());
    SeriesCursor c = new SeriesCursor(tables, runPk, numericOnly, lo, hi);
    while (c.hasPoint()) {
      double v = ((Number) c.value()).doubleValue();
      long s = c.step();
      out.add(new HistoryBucket(s, s, 1, v, v, v, s));
      c.next();
    }
  }
}
