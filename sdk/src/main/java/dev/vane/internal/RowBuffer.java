package dev.vane.internal;

import java.util.Arrays;

/**
 * The pending history row: keys in the order first logged, each with its latest value. A key
 * logged twice keeps its place and takes the new value, as a {@code LinkedHashMap} would, but
 * without a map: each {@link MetricState} remembers its slot for the current row (epoch), so
 * adding a value is an array write and clearing the row is one increment. Not thread-safe: the
 * run's lock guards it.
 */
final class RowBuffer {
  private MetricState[] keys = new MetricState[16];
  private Object[] values = new Object[16];
  private int size;
  /** Identifies the current row; {@link MetricState#rowEpoch} equals it for keys in the row. */
  private long epoch;

  /** Sets a key's value in the row. */
  void put(MetricState key, Object value) {
    if (key.rowEpoch == epoch) {
      values[key.rowSlot] = value;
      return;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    key.rowEpoch = epoch;
    key.rowSlot = size;
    keys[size] = key;
    values[size++] = value;
  }

  /** Whether the key has a value in the row. */
  boolean contains(MetricState key) {
    return key.rowEpoch == epoch;
  }

  /** Number of keys in the row. */
  int size() {
    return size;
  }

  /** The key in slot {@code i}. */
  MetricState key(int i) {
    return keys[i];
  }

  /** The value in slot {@code i}. */
  Object value(int i) {
    return values[i];
  }

  /** Empties the row, dropping the references to its values. */
  void clear() {
    Arrays.fill(values, 0, size, null);
    Arrays.fill(keys, 0, size, null);
    size = 0;
    epoch++;
  }
}
