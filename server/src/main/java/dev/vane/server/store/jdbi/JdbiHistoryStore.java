package dev.vane.server.store.jdbi;

import dev.vane.protocol.HistoryRow;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.HistoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** History as one JSON row per step: {@code history_rows(run_pk, step, row_json)}. */
final class JdbiHistoryStore implements HistoryStore {
  /** Keys every filtered row keeps. */
  private static final Set<String> ALWAYS_KEPT =
      Set.of(HistoryRow.STEP, HistoryRow.RUNTIME, HistoryRow.TIMESTAMP);

  private final Handle handle;

  JdbiHistoryStore(Handle handle) {
    this.handle = handle;
  }

  @Override
  public long put(long runPk, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    // Merge rows of the same step within the batch first, keeping first-seen step order.
    Map<Long, Map<String, Object>> byStep = new LinkedHashMap<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Map<String, Object> row : rows) {
      long step = ((Number) row.get(HistoryRow.STEP)).longValue();
      byStep.computeIfAbsent(step, s -> new LinkedHashMap<>()).putAll(row);
      min = Math.min(min, step);
      max = Math.max(max, step);
    }
    Map<Long, Map<String, Object>> stored = storedRows(runPk, min, max);
    PreparedBatch inserts =
        handle.prepareBatch(
            "INSERT INTO history_rows (run_pk, step, row_json) VALUES (:run, :step, :row)");
    PreparedBatch updates =
        handle.prepareBatch(
            "UPDATE history_rows SET row_json = :row WHERE run_pk = :run AND step = :step");
    long added = 0;
    for (Map.Entry<Long, Map<String, Object>> e : byStep.entrySet()) {
      Map<String, Object> old = stored.get(e.getKey());
      if (old == null) {
        inserts
            .bind("run", runPk)
            .bind("step", e.getKey())
            .bind("row", JsonText.write(e.getValue()));
        inserts.add();
        added++;
      } else {
        old.putAll(e.getValue());
        updates.bind("run", runPk).bind("step", e.getKey()).bind("row", JsonText.write(old));
        updates.add();
      }
    }
    if (inserts.size() > 0) {
      inserts.execute();
    }
    if (updates.size() > 0) {
      updates.execute();
    }
    return added;
  }

  private Map<Long, Map<String, Object>> storedRows(long runPk, long min, long max) {
    Map<Long, Map<String, Object>> stored = new HashMap<>();
    handle
        .createQuery(
            "SELECT step, row_json FROM history_rows"
                + " WHERE run_pk = :run AND step >= :min AND step <= :max")
        .bind("run", runPk)
        .bind("min", min)
        .bind("max", max)
        .map((rs, ctx) -> Map.entry(rs.getLong("step"), rs.getString("row_json")))
        .forEach(e -> stored.put(e.getKey(), JsonText.readMap(e.getValue())));
    return stored;
  }

  @Override
  public List<Map<String, Object>> read(long runPk, HistoryQuery query) {
    StringBuilder sql = new StringBuilder("SELECT row_json FROM history_rows WHERE run_pk = :run");
    if (query.minStep() != null) {
      sql.append(" AND step >= :min");
    }
    if (query.maxStep() != null) {
      sql.append(" AND step <= :max");
    }
    sql.append(" ORDER BY step");
    boolean filtered = query.keys() != null;
    if (!filtered && query.limit() != null) {
      sql.append(" LIMIT :limit"); // with a key filter, rows are dropped after reading
    }
    Query q = handle.createQuery(sql.toString()).bind("run", runPk);
    if (query.minStep() != null) {
      q.bind("min", query.minStep());
    }
    if (query.maxStep() != null) {
      q.bind("max", query.maxStep());
    }
    if (!filtered && query.limit() != null) {
      q.bind("limit", query.limit());
    }
    int limit = query.limit() == null ? Integer.MAX_VALUE : query.limit();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Stream<String> json = q.mapTo(String.class).stream()) {
      var it = json.iterator();
      while (it.hasNext() && rows.size() < limit) {
        Map<String, Object> row = JsonText.readMap(it.next());
        if (filtered) {
          row = select(row, query.keys());
          if (row == null) {
            continue;
          }
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The row cut to the keys, or {@code null} when it holds none of them. */
  private static Map<String, Object> select(Map<String, Object> row, Set<String> keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean any = false;
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (keys.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
        any = true;
      } else if (ALWAYS_KEPT.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return any ? out : null;
  }

  @Override
  public void deleteAll(long runPk) {
    handle
        .createUpdate("DELETE FROM history_rows WHERE run_pk = :run")
        .bind("run", runPk)
        .execute();
  }
}
