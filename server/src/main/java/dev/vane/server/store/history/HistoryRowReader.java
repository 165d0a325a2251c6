package dev.vane.server.store.history;

import dev.vane.protocol.HistoryRow;
import dev.vane.server.store.HistoryQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rebuilds rows from the series: the {@code _step} series (every row has a step) drives, and each
 * other series' cursor gives its value at that step, if any. Keys come {@code _step}, {@code
 * _runtime}, {@code _timestamp} first, then in order of first appearance in the run.
 */
final class HistoryRowReader {
  private static final List<String> ALWAYS_KEPT =
      List.of(HistoryRow.STEP, HistoryRow.RUNTIME, HistoryRow.TIMESTAMP);

  private final HistoryTables tables;

  HistoryRowReader(HistoryTables tables) {
    this.tables = tables;
  }

  /** Passes the query's rows to the sink in step order. */
  void stream(long runPk, HistoryQuery query, Consumer<Map<String, Object>> sink) {
    long from = query.minStep() == null ? 0 : Math.max(0, query.minStep());
    long to = query.maxStep() == null ? Long.MAX_VALUE : query.maxStep();
    int limit = query.limit() == null ? Integer.MAX_VALUE : query.limit();
    if (from > to) {
      return;
    }
    Set<String> wanted = query.keys();
    SeriesCursor driver = null;
    List<SeriesCursor> cursors = new ArrayList<>();
    List<SeriesRow> all = tables.allSeries(runPk);
    for (String kept : ALWAYS_KEPT) {
      for (SeriesRow s : all) {
        if (s.name().equals(kept)) {
          SeriesCursor c = new SeriesCursor(tables, runPk, s, from, to);
          if (kept.equals(HistoryRow.STEP)) {
            driver = c;
          } else {
            cursors.add(c);
          }
        }
      }
    }
    for (SeriesRow s : all) {
      if (!ALWAYS_KEPT.contains(s.name()) && (wanted == null || wanted.contains(s.name()))) {
        cursors.add(new SeriesCursor(tables, runPk, s, from, to));
      }
    }
    if (driver == null) {
      return;
    }
    int sent = 0;
    int capacity = (cursors.size() + 1) * 4 / 3 + 1; // never resized
    while (sent < limit && driver.hasPoint()) {
      long step = driver.step();
      Map<String, Object> row = new LinkedHashMap<>(capacity);
      row.put(HistoryRow.STEP, driver.value());
      boolean any = wanted == null || wanted.contains(HistoryRow.STEP);
      for (SeriesCursor c : cursors) {
        if (c.advanceTo(step)) {
          row.put(c.name(), c.value());
          any |= wanted == null || wanted.contains(c.name());
          c.next();
        }
      }
      driver.next();
      if (any) {
        sink.accept(row);
        sent++;
      }
    }
  }
}
