package dev.vane.server.store.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL of the history tables, in the dialect SQLite and PostgreSQL share. Values that may be NaN
 * go through {@link #bindDouble}/{@link #readDouble}: SQLite turns NaN into NULL, so NULL is read
 * back as NaN on both. The same engine keeps system metrics in tables of their own; a {@link
 * Layout} names the tables.
 */
final class HistoryTables {
  /**
   * The tables one chunked store works on.
   *
   * @param series the series table ({@code history_series})
   * @param chunks the chunks table ({@code history_chunks})
   * @param values the non-numeric values table ({@code history_values})
   * @param followsBranches whether a fork or rewind reads its source's points before the branch
   *     step; system metrics are not carried over, as in W&B
   */
  record Layout(String series, String chunks, String values, boolean followsBranches) {
    /** History rows: {@code _step}-keyed, inherited by forks and rewinds. */
    static final Layout HISTORY =
        new Layout("history_series", "history_chunks", "history_values", true);
    /** System metrics: keyed by runtime in milliseconds, never inherited. */
    static final Layout SYSTEM =
        new Layout("system_series", "system_chunks", "system_values", false);
  }

  private static final String SERIES_COLUMNS =
      "series_id, name, point_count, has_text, first_step, last_step, open_from, open_count,"
          + " open_chunks";
  /**
   * Restricts a chunk query to chunks from the one holding {@code :from} on, as a range of the
   * primary key: chunks never overlap, so that chunk is the last one starting at or before it. A
   * bare {@code max_step >= :from} would scan the series from its first chunk.
   */
  final String fromFloor;

  /** Names per IN list: well under SQLite's bound-parameter limit. */
  private static final int NAMES_PER_QUERY = 500;

  private final Handle handle;
  private final Layout layout;
  private final String seriesTable;
  private final String chunksTable;
  private final String valuesTable;

  HistoryTables(Handle handle, Layout layout) {
    this.handle = handle;
    this.layout = layout;
    this.seriesTable = layout.series();
    this.chunksTable = layout.chunks();
    this.valuesTable = layout.values();
    this.fromFloor = " AND min_step >= COALESCE((SELECT MAX(f.min_step) FROM " + chunksTable
        + " f WHERE f.run_pk = :run AND f.series_id = :id AND f.min_step <= :from), :from)";
  }

  /** The chunks table, for the sampler's own query. */
  String chunksTable() {
    return chunksTable;
  }

  /** The run's series of these names, by name. */
  Map<String, SeriesRow> series(long runPk, List<String> names) {
    Map<String, SeriesRow> out = new HashMap<>();
    for (int i = 0; i < names.size(); i += NAMES_PER_QUERY) {
      List<String> part = names.subList(i, Math.min(names.size(), i + NAMES_PER_QUERY));
      handle
          .createQuery(
              "SELECT "
                  + SERIES_COLUMNS
                  + " FROM " + seriesTable + " WHERE run_pk = :run AND name IN (<names>)")
          .bind("run", runPk)
          .bindList("names", part)
          .map((rs, ctx) -> seriesRow(rs))
          .forEach(r -> out.put(r.name(), r));
    }
    return out;
  }

  /** One series by name. */
  Optional<SeriesRow> series(long runPk, String name) {
    return handle
        .createQuery(
            "SELECT "
                + SERIES_COLUMNS
                + " FROM " + seriesTable + " WHERE run_pk = :run AND name = :name")
        .bind("run", runPk)
        .bind("name", name)
        .map((rs, ctx) -> seriesRow(rs))
        .findOne();
  }

  /** Every series of the run, in series order. */
  List<SeriesRow> allSeries(long runPk) {
    return handle
        .createQuery(
            "SELECT "
                + SERIES_COLUMNS
                + " FROM " + seriesTable + " WHERE run_pk = :run ORDER BY series_id")
        .bind("run", runPk)
        .map((rs, ctx) -> seriesRow(rs))
        .list();
  }

  /** The highest series number of the run, 0 when none. */
  long maxSeriesId(long runPk) {
    return handle
        .createQuery("SELECT COALESCE(MAX(series_id), 0) FROM " + seriesTable + " WHERE run_pk = :run")
        .bind("run", runPk)
        .mapTo(Long.class)
        .one();
  }

  /** Inserts new series and updates changed ones. */
  void saveSeries(long runPk, List<SeriesRow> inserted, List<SeriesRow> updated) {
    if (!inserted.isEmpty()) {
      PreparedBatch b =
          handle.prepareBatch(
              "INSERT INTO " + seriesTable + " (run_pk, "
                  + SERIES_COLUMNS
                  + ") VALUES (:run, :id, :name, :count, :hasText, :first, :last, :openFrom,"
                  + " :openCount, :openChunks)");
      inserted.forEach(r -> bindSeries(b, runPk, r).add());
      b.execute();
    }
    if (!updated.isEmpty()) {
      PreparedBatch b =
          handle.prepareBatch(
              "UPDATE " + seriesTable + " SET point_count = :count, has_text = :hasText,"
                  + " first_step = :first, last_step = :last, open_from = :openFrom,"
                  + " open_count = :openCount, open_chunks = :openChunks"
                  + " WHERE run_pk = :run AND series_id = :id AND name = :name");
      updated.forEach(r -> bindSeries(b, runPk, r).add());
      b.execute();
    }
  }

  private static PreparedBatch bindSeries(PreparedBatch b, long runPk, SeriesRow r) {
    return b.bind("run", runPk)
        .bind("id", r.seriesId())
        .bind("name", r.name())
        .bind("count", r.pointCount())
        .bind("hasText", r.hasText())
        .bind("first", r.firstStep())
        .bind("last", r.lastStep())
        .bind("openFrom", r.openFrom())
        .bind("openCount", r.openCount())
        .bind("openChunks", r.openChunks());
  }

  /** A sealed chunk to insert. */
  record NewChunk(long seriesId, byte kind, ChunkStats stats, byte[] data) {}

  /** Inserts sealed chunks. */
  void insertChunks(long runPk, List<NewChunk> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    PreparedBatch b =
        handle.prepareBatch(
            "INSERT INTO " + chunksTable + " (run_pk, series_id, min_step, max_step, point_count, kind,"
                + " min_value, max_value, first_value, last_value, block_stats, data) VALUES (:run,"
                + " :id, :minStep, :maxStep, :count, :kind, :min, :max, :first, :last, :blockStats,"
                + " :data)");
    for (NewChunk c : chunks) {
      ChunkStats s = c.stats();
      int headerLength = ChunkCodec.header(c.data()).length();
      b.bind("run", runPk)
          .bind("id", c.seriesId())
          .bind("minStep", s.minStep())
          .bind("maxStep", s.maxStep())
          .bind("count", s.count())
          .bind("kind", (short) c.kind())
          .bind("min", bindDouble(s.min()))
          .bind("max", bindDouble(s.max()))
          .bind("first", bindDouble(s.first()))
          .bind("last", bindDouble(s.last()))
          .bind("blockStats", Arrays.copyOfRange(c.data(), 0, headerLength))
          .bind("data", Arrays.copyOfRange(c.data(), headerLength, c.data().length))
          .add();
    }
    b.execute();
  }

  /** The chunks (joined) of the series that hold steps at or after {@code fromStep}, in order. */
  List<byte[]> chunksFrom(long runPk, long seriesId, long fromStep) {
    return handle
        .createQuery(
            "SELECT block_stats, data FROM " + chunksTable + " WHERE run_pk = :run AND series_id = :id"
                + " AND max_step >= :from"
                + fromFloor
                + " ORDER BY min_step")
        .bind("run", runPk)
        .bind("id", seriesId)
        .bind("from", fromStep)
        .map((rs, ctx) -> ChunkCodec.join(rs.getBytes(1), rs.getBytes(2)))
        .list();
  }

  /** Deletes the series' chunks that hold steps at or after {@code fromStep}. */
  void deleteChunksFrom(long runPk, long seriesId, long fromStep) {
    handle
        .createUpdate(
            "DELETE FROM " + chunksTable + " WHERE run_pk = :run AND series_id = :id"
                + " AND max_step >= :from"
                + fromFloor)
        .bind("run", runPk)
        .bind("id", seriesId)
        .bind("from", fromStep)
        .execute();
  }

  /**
   * Up to {@code limit} chunks (joined) of the series with {@code min_step >= minFrom} and {@code
   * max_step > maxAfter}, in order. Paging on both keeps to the primary key's order and still finds
   * chunks that a compaction merged after the previous page.
   */
  List<byte[]> chunkPage(long runPk, long seriesId, long minFrom, long maxAfter, int limit) {
    return handle
        .createQuery(
            "SELECT block_stats, data FROM " + chunksTable + " WHERE run_pk = :run AND series_id = :id"
                + " AND min_step >= :minFrom AND max_step > :maxAfter ORDER BY min_step"
                + " LIMIT :limit")
        .bind("run", runPk)
        .bind("id", seriesId)
        .bind("minFrom", minFrom)
        .bind("maxAfter", maxAfter)
        .bind("limit", limit)
        .map((rs, ctx) -> ChunkCodec.join(rs.getBytes(1), rs.getBytes(2)))
        .list();
  }

  /**
   * The bytes after the header of one chunk (see {@link ChunkCodec.Header#length()}), or {@code
   * null} when a concurrent write replaced the chunk.
   */
  byte[] chunkBody(long runPk, long seriesId, long minStep) {
    return handle
        .createQuery(
            "SELECT data FROM " + chunksTable + " WHERE run_pk = :run AND series_id = :id"
                + " AND min_step = :minStep")
        .bind("run", runPk)
        .bind("id", seriesId)
        .bind("minStep", minStep)
        .mapTo(byte[].class)
        .findOne()
        .orElse(null);
  }

  /** Upserts text points: deletes what the steps held, then inserts. */
  void putTexts(long runPk, long seriesId, PointColumn points, boolean deleteFirst) {
    if (deleteFirst) {
      PreparedBatch del =
          handle.prepareBatch(
              "DELETE FROM " + valuesTable
                  + " WHERE run_pk = :run AND series_id = :id AND step = :step");
      for (int i = 0; i < points.size(); i++) {
        del.bind("run", runPk).bind("id", seriesId).bind("step", points.step(i)).add();
      }
      if (del.size() > 0) {
        del.execute();
      }
    }
    PreparedBatch ins =
        handle.prepareBatch(
            "INSERT INTO " + valuesTable + " (run_pk, series_id, step, value_json)"
                + " VALUES (:run, :id, :step, :json)");
    for (int i = 0; i < points.size(); i++) {
      if (points.kind(i) == ValueKind.TEXT) {
        ins.bind("run", runPk)
            .bind("id", seriesId)
            .bind("step", points.step(i))
            .bind("json", points.text(i))
            .add();
      }
    }
    if (ins.size() > 0) {
      ins.execute();
    }
  }

  /** A text point read back. */
  record TextPoint(long step, String json) {}

  /** Up to {@code limit} text points of the series with {@code after < step <= to}, in order. */
  List<TextPoint> textPage(long runPk, long seriesId, long after, long to, int limit) {
    return handle
        .createQuery(
            "SELECT step, value_json FROM " + valuesTable + " WHERE run_pk = :run AND series_id = :id"
                + " AND step > :after AND step <= :to ORDER BY step LIMIT :limit")
        .bind("run", runPk)
        .bind("id", seriesId)
        .bind("after", after)
        .bind("to", to)
        .bind("limit", limit)
        .map((rs, ctx) -> new TextPoint(rs.getLong(1), rs.getString(2)))
        .list();
  }

  /** Deletes every point and series of the run. */
  void deleteRun(long runPk) {
    for (String table : List.of(valuesTable, chunksTable, seriesTable)) {
      handle
          .createUpdate("DELETE FROM " + table + " WHERE run_pk = :run")
          .bind("run", runPk)
          .execute();
    }
  }

  /** Where a run's history branches off its source's. */
  record Branch(long sourcePk, long step) {}

  /**
   * The run's fork source and step, or {@code null} when its history is all its own or the layout
   * does not follow branches.
   */
  Branch branch(long runPk) {
    if (!layout.followsBranches()) {
      return null;
    }
    return handle
        .createQuery("SELECT fork_source_pk, fork_step FROM runs WHERE id = :run")
        .bind("run", runPk)
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.wasNull() ? 0 : 1, rs.getLong(2)})
        .findFirst()
        .filter(r -> r[1] == 1)
        .map(r -> new Branch(r[0], r[2]))
        .orElse(null);
  }

  /** The run's key names in series order. */
  List<String> names(long runPk) {
    List<String> out = new ArrayList<>();
    handle
        .createQuery("SELECT name FROM " + seriesTable + " WHERE run_pk = :run ORDER BY series_id")
        .bind("run", runPk)
        .mapTo(String.class)
        .forEach(out::add);
    return out;
  }

  /** The handle, for the sampler's streaming scan. */
  Handle handle() {
    return handle;
  }

  private static SeriesRow seriesRow(ResultSet rs) throws SQLException {
    long first = rs.getLong("first_step");
    Long firstStep = rs.wasNull() ? null : first;
    long last = rs.getLong("last_step");
    Long lastStep = rs.wasNull() ? null : last;
    long open = rs.getLong("open_from");
    Long openFrom = rs.wasNull() ? null : open;
    return new SeriesRow(
        rs.getLong("series_id"),
        rs.getString("name"),
        rs.getLong("point_count"),
        rs.getBoolean("has_text"),
        firstStep,
        lastStep,
        openFrom,
        rs.getInt("open_count"),
        rs.getInt("open_chunks"));
  }

  /** NaN as NULL: what SQLite does anyway, done on purpose so both databases agree. */
  static Double bindDouble(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** A DOUBLE PRECISION column, NULL read as NaN. */
  static double readDouble(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }
}
