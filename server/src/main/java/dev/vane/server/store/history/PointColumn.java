package dev.vane.server.store.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series' points as parallel primitive arrays (step, kind, bits), so millions of points cost no
 * objects. Text points carry an index into {@link #texts()} as their bits.
 */
final class PointColumn {
  private long[] steps;
  private long[] bits;
  private byte[] kinds;
  private int size;
  private List<String> texts;

  PointColumn(int capacity) {
    int c = Math.max(4, capacity);
    steps = new long[c];
    bits = new long[c];
    kinds = new byte[c];
  }

  /** Appends a point. */
  void add(long step, byte kind, long valueBits) {
    if (size == steps.length) {
      int c = size * 2;
      steps = Arrays.copyOf(steps, c);
      bits = Arrays.copyOf(bits, c);
      kinds = Arrays.copyOf(kinds, c);
    }
    steps[size] = step;
    kinds[size] = kind;
    bits[size] = valueBits;
    size++;
  }

  /** Appends a text point holding the JSON of its value. */
  void addText(long step, String json) {
    if (texts == null) {
      texts = new ArrayList<>();
    }
    texts.add(json);
    add(step, ValueKind.TEXT, texts.size() - 1);
  }

  /** Appends point {@code i} of another column. */
  void addFrom(PointColumn other, int i) {
    if (other.kinds[i] == ValueKind.TEXT) {
      addText(other.steps[i], other.text(i));
    } else {
      add(other.steps[i], other.kinds[i], other.bits[i]);
    }
  }

  int size() {
    return size;
  }

  long step(int i) {
    return steps[i];
  }

  long bits(int i) {
    return bits[i];
  }

  byte kind(int i) {
    return kinds[i];
  }

  /** The JSON of text point {@code i}. */
  String text(int i) {
    return texts.get((int) bits[i]);
  }

  /** Whether any point is text. */
  boolean hasText() {
    return texts != null && !texts.isEmpty();
  }

  /** The raw step array (valid up to {@link #size()}); for encoders. */
  long[] stepArray() {
    return steps;
  }

  /** The raw bits array (valid up to {@link #size()}); for encoders. */
  long[] bitsArray() {
    return bits;
  }

  /** The raw kinds array (valid up to {@link #size()}); for encoders. */
  byte[] kindArray() {
    return kinds;
  }

  /** Removes every point. */
  void clear() {
    size = 0;
    texts = null;
  }

  /**
   * The points sorted by step, keeping for each step only the point added last (the newest write
   * wins): this column itself for the usual case of steps that already increase, else a new one.
   */
  PointColumn sortedKeepingLast() {
    boolean increasing = true;
    for (int i = 1; i < size && increasing; i++) {
      increasing = steps[i] > steps[i - 1];
    }
    if (increasing) {
      return this;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // stable: points of equal steps keep their order
    Arrays.sort(order, (a, b) -> Long.compare(steps[a], steps[b]));
    PointColumn out = new PointColumn(size);
    for (int k = 0; k < size; k++) {
      int i = order[k];
      boolean lastOfStep = k + 1 == size || steps[order[k + 1]] != steps[i];
      if (lastOfStep) {
        out.addFrom(this, i);
      }
    }
    return out;
  }
}
