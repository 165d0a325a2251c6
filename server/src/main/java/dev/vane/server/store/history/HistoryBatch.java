package dev.vane.server.store.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.VaneJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of history rows held as columns: one {@link PointColumn} of primitive steps and values
 * per key, in first-seen key order, so a million points cost a few arrays rather than a million
 * boxed doubles and map entries. Strings, booleans, nulls, big integers and nested values are the
 * rare side path: they are kept as objects (for the summary) and as JSON (for the store).
 *
 * <p>Rows are added one value at a time ({@link #putDouble}, {@link #putLong}, {@link #putOther})
 * and then committed with {@link #endRow} once their step is known, or dropped with {@link
 * #abandonRow}. Within a row a repeated key keeps its first position and its last value, as a JSON
 * object read into a map does. Each row also remembers its key order (shared between rows with the
 * same keys in the same order, the usual case), so that the rows can be replayed exactly and the
 * summary's new keys come in the order a row-by-row fold would give them.
 *
 * <p>Not thread-safe. {@link dev.vane.server.store.HistoryStore#put(long, HistoryBatch)} reads it
 * without changing it.
 */
public final class HistoryBatch {
  private final List<String> keys = new ArrayList<>();
  private final List<Column> columns = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final int expectedRows;

  // The row being built: column index, kind, bits and side value of each of its values.
  private int[] rowColumn = new int[16];
  private byte[] rowKind = new byte[16];
  private long[] rowBits = new long[16];
  private Object[] rowOther = new Object[16];
  private int rowSize;
  private int columnsAtRowStart = -1;

  // Committed rows: each row's step and key layout (column indexes in row order).
  private long[] rowSteps = new long[64];
  private int[] rowLayouts = new int[64];
  private int rows;
  private final List<int[]> layouts = new ArrayList<>();

  /** One key's points, the row each came from, and the objects of its side-path points. */
  private static final class Column {
    final PointColumn points;
    int[] rows;
    List<Object> others;
    int lastRow = -1;
    int inRowAt; // position in the row being built, when lastRow is the row being built

    Column(int capacity) {
      points = new PointColumn(capacity);
      rows = new int[capacity];
    }
  }

  /** An empty batch. */
  public HistoryBatch() {
    this(16);
  }

  /** An empty batch sized for about {@code expectedRows} rows, so its columns need not grow. */
  public HistoryBatch(int expectedRows) {
    this.expectedRows = Math.max(1, expectedRows);
  }

  /** A batch of rows, each with a numeric {@code _step} (as the store's map-based API takes). */
  public static HistoryBatch of(List<Map<String, Object>> rows) {
    HistoryBatch batch = new HistoryBatch();
    for (Map<String, Object> row : rows) {
      batch.addRow(row, ((Number) row.get(HistoryRow.STEP)).longValue());
    }
    return batch;
  }

  /**
   * Adds a whole row of boxed values at a step: doubles and floats as doubles, integers up to
   * {@code long} as integers, anything else on the side path. {@code _step} is stored as the step.
   */
  public void addRow(Map<String, Object> values, long step) {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.equals(HistoryRow.STEP)) {
        putLong(key, step);
      } else if (v instanceof Double d) {
        putDouble(key, d);
      } else if (v instanceof Float f) {
        putDouble(key, f.doubleValue());
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short
          || v instanceof Byte) {
        putLong(key, ((Number) v).longValue());
      } else {
        putOther(key, v);
      }
    }
    endRow(step);
  }

  /** Adds a double to the row being built. */
  public void putDouble(String key, double value) {
    put(key, ValueKind.DOUBLE, Double.doubleToRawLongBits(value), null);
  }

  /** Adds an integer to the row being built. */
  public void putLong(String key, long value) {
    put(key, ValueKind.LONG, value, null);
  }

  /**
   * Adds a value that is not a {@code long} or a double (a string, boolean, null, big number or
   * nested value) to the row being built.
   */
  public void putOther(String key, Object value) {
    put(key, ValueKind.TEXT, 0, value);
  }

  private void put(String key, byte kind, long bits, Object other) {
    if (columnsAtRowStart < 0) {
      columnsAtRowStart = columns.size();
    }
    int c = column(key);
    Column col = columns.get(c);
    int at;
    if (col.lastRow == rows) {
      at = col.inRowAt; // a repeated key: first position, last value
    } else {
      if (rowSize == rowColumn.length) {
        int n = rowSize * 2;
        rowColumn = Arrays.copyOf(rowColumn, n);
        rowKind = Arrays.copyOf(rowKind, n);
        rowBits = Arrays.copyOf(rowBits, n);
        rowOther = Arrays.copyOf(rowOther, n);
      }
      at = rowSize++;
      col.lastRow = rows;
      col.inRowAt = at;
      rowColumn[at] = c;
    }
    rowKind[at] = kind;
    rowBits[at] = bits;
    rowOther[at] = other;
  }

  // Rows usually repeat the previous row's keys, so try the column at the same position first.
  private int column(String key) {
    int[] previous = rows == 0 ? null : layouts.get(rowLayouts[rows - 1]);
    if (previous != null && rowSize < previous.length) {
      int guess = previous[rowSize];
      String known = keys.get(guess);
      if (known == key || known.equals(key)) {
        return guess;
      }
    }
    Integer c = index.get(key);
    if (c != null) {
      return c;
    }
    int n = columns.size();
    keys.add(key);
    columns.add(new Column(Math.max(4, expectedRows - rows)));
    index.put(key, n);
    return n;
  }

  /** Commits the row being built at a step. */
  public void endRow(long step) {
    int[] layout = layoutOfRow();
    for (int i = 0; i < rowSize; i++) {
      Column col = columns.get(rowColumn[i]);
      if (rowKind[i] == ValueKind.TEXT) {
        if (col.others == null) {
          col.others = new ArrayList<>();
        }
        col.others.add(rowOther[i]);
        col.points.addText(step, json(rowOther[i]));
        rowOther[i] = null;
      } else {
        col.points.add(step, rowKind[i], rowBits[i]);
      }
      int n = col.points.size();
      if (n > col.rows.length) {
        col.rows = Arrays.copyOf(col.rows, n * 2);
      }
      col.rows[n - 1] = rows;
    }
    if (rows == rowSteps.length) {
      rowSteps = Arrays.copyOf(rowSteps, rows * 2);
      rowLayouts = Arrays.copyOf(rowLayouts, rows * 2);
    }
    rowSteps[rows] = step;
    if (layouts.isEmpty() || layouts.get(layouts.size() - 1) != layout) {
      layouts.add(layout);
    }
    rowLayouts[rows] = layouts.size() - 1;
    rows++;
    rowSize = 0;
    columnsAtRowStart = -1;
  }

  /** The row's key layout: the previous row's when the keys are the same, else a new one. */
  private int[] layoutOfRow() {
    if (!layouts.isEmpty()) {
      int[] last = layouts.get(layouts.size() - 1);
      if (Arrays.equals(last, 0, last.length, rowColumn, 0, rowSize)) {
        return last;
      }
    }
    return Arrays.copyOf(rowColumn, rowSize);
  }

  /** Drops the row being built, and the keys it introduced. */
  public void abandonRow() {
    for (int i = 0; i < rowSize; i++) {
      columns.get(rowColumn[i]).lastRow = -1;
      rowOther[i] = null;
    }
    if (columnsAtRowStart >= 0) {
      while (columns.size() > columnsAtRowStart) {
        index.remove(keys.remove(keys.size() - 1));
        columns.remove(columns.size() - 1);
      }
    }
    rowSize = 0;
    columnsAtRowStart = -1;
  }

  /** The committed rows. */
  public int size() {
    return rows;
  }

  /** The lowest step of the committed rows, or {@link Long#MAX_VALUE} when there are none. */
  public long minStep() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < rows; i++) {
      min = Math.min(min, rowSteps[i]);
    }
    return min;
  }

  /** Whether no row is committed. */
  public boolean isEmpty() {
    return rows == 0;
  }

  /** The points committed, over all keys. */
  public long points() {
    long n = 0;
    for (Column c : columns) {
      n += c.points.size();
    }
    return n;
  }

  /** A new batch of this one's rows from {@code firstRow} on (for a partly retried batch). */
  public HistoryBatch from(int firstRow) {
    HistoryBatch out = new HistoryBatch(rows - firstRow);
    int[] next = new int[columns.size()];
    for (int r = 0; r < rows; r++) {
      for (int c : layouts.get(rowLayouts[r])) {
        int i = next[c]++;
        if (r >= firstRow) {
          Column col = columns.get(c);
          byte kind = col.points.kind(i);
          if (kind == ValueKind.TEXT) {
            out.putOther(keys.get(c), col.others.get((int) col.points.bits(i)));
          } else {
            out.put(keys.get(c), kind, col.points.bits(i), null);
          }
        }
      }
      if (r >= firstRow) {
        out.endRow(rowSteps[r]);
      }
    }
    return out;
  }

  /**
   * The last value of each key in rows {@code [fromRow, toRow)}, keys in order of first appearance
   * there (as folding those rows one by one into a map would leave them). Doubles and integers are
   * boxed here, once per key rather than once per point.
   */
  public Map<String, Object> lastValues(int fromRow, int toRow) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (fromRow >= toRow) {
      return out;
    }
    int present = 0;
    int[] last = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      Column col = columns.get(c);
      int i = Arrays.binarySearch(col.rows, 0, col.points.size(), toRow - 1);
      i = i >= 0 ? i : -i - 2; // the last point of a row before toRow
      last[c] = i >= 0 && col.rows[i] >= fromRow ? i : -1;
      present += last[c] >= 0 ? 1 : 0;
    }
    // Walk the rows' layouts (each distinct one once) until every present key has its place.
    BitSet seenLayouts = new BitSet();
    for (int r = fromRow; r < toRow && out.size() < present; r++) {
      int l = rowLayouts[r];
      if (seenLayouts.get(l)) {
        continue;
      }
      seenLayouts.set(l);
      for (int c : layouts.get(l)) {
        if (last[c] >= 0 && !out.containsKey(keys.get(c))) {
          out.put(keys.get(c), value(columns.get(c), last[c]));
        }
      }
    }
    return out;
  }

  private static Object value(Column col, int i) {
    byte kind = col.points.kind(i);
    long bits = col.points.bits(i);
    return kind == ValueKind.TEXT ? col.others.get((int) bits) : ValueKind.box(kind, bits);
  }

  /** The rows as maps, for tests and small reads; {@code _step} as a {@code Long}. */
  public List<Map<String, Object>> toRows() {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    int[] next = new int[columns.size()];
    for (int r = 0; r < rows; r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c : layouts.get(rowLayouts[r])) {
        row.put(keys.get(c), value(columns.get(c), next[c]++));
      }
      out.add(row);
    }
    return out;
  }

  /** The keys with points, in first-seen order. */
  List<String> keys() {
    return keys;
  }

  /** The points of key {@code i} of {@link #keys()}, in row order. */
  PointColumn column(int i) {
    return columns.get(i).points;
  }

  /** A side-path value as JSON, bare NaN tokens kept (as in record payloads). */
  private static String json(Object value) {
    try {
      return VaneJson.records().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write a history value as JSON", e);
    }
  }
}
