package dev.vane.protocol;

import java.util.Map;

/**
 * One row of a run's history: the values logged at one step. Keys are flat (nested maps are
 * flattened to dotted keys by the SDK) and include {@code _step}, {@code _runtime} (seconds since
 * the start) and {@code _timestamp} (Unix seconds). Values are numbers (NaN and infinities
 * allowed), booleans or strings.
 *
 * @param values the row
 */
public record HistoryRow(Map<String, Object> values) implements RecordPayload {

  /** The key holding the row's step. */
  public static final String STEP = "_step";
  /** The key holding the seconds since the run started. */
  public static final String RUNTIME = "_runtime";
  /** The key holding the Unix time in seconds. */
  public static final String TIMESTAMP = "_timestamp";

  /** Copies the map so the record cannot change after creation. */
  public HistoryRow {
    values = values == null ? Map.of() : Maps.copyKeepingNulls(values);
  }

  /** The row's step. */
  public long step() {
    Object s = values.get(STEP);
    return s instanceof Number n ? n.longValue() : -1L;
  }

  @Override
  public RecordType type() {
    return RecordType.HISTORY;
  }
}
