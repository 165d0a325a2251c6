package dev.vane.server.store.history;

/**
 * The statistics of a run of points, as kept in a chunk's columns and in each block header. {@code
 * min} and {@code max} leave NaN out and are NaN only when every value is NaN; {@code first} and
 * {@code last} are the values at {@code minStep} and {@code maxStep}, NaN included.
 */
record ChunkStats(
    int count, long minStep, long maxStep, double min, double max, double first, double last) {

  /** The statistics of numeric points {@code [from, to)}, each of its own kind. */
  static ChunkStats of(byte[] kinds, long[] steps, long[] bits, int from, int to) {
    double min = Double.NaN;
    double max = Double.NaN;
    for (int i = from; i < to; i++) {
      double v = ValueKind.asDouble(kinds[i], bits[i]);
      if (v < min || Double.isNaN(min)) {
        min = Double.isNaN(v) ? min : v;
      }
      if (v > max || Double.isNaN(max)) {
        max = Double.isNaN(v) ? max : v;
      }
    }
    return new ChunkStats(
        to - from,
        steps[from],
        steps[to - 1],
        min,
        max,
        ValueKind.asDouble(kinds[from], bits[from]),
        ValueKind.asDouble(kinds[to - 1], bits[to - 1]));
  }
}
