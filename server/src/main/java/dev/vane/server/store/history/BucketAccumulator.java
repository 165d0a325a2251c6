package dev.vane.server.store.history;

import dev.vane.server.store.HistoryBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * Buckets of equal step width over {@code [lo, lo + width * n)}, filled in step order from single
 * points or from whole chunks and blocks (by their statistics). Parallel primitive arrays: a 10,000
 * bucket query allocates a few arrays, not objects.
 */
final class BucketAccumulator {
  private final long lo;
  private final long width;
  private final long[] count;
  private final long[] minStep;
  private final long[] lastStep;
  private final double[] min;
  private final double[] max;
  private final double[] last;
  private long total;

  BucketAccumulator(long lo, long width, int buckets) {
    this.lo = lo;
    this.width = width;
    count = new long[buckets];
    minStep = new long[buckets];
    lastStep = new long[buckets];
    min = new double[buckets];
    max = new double[buckets];
    last = new double[buckets];
  }

  /** The bucket of a step within the range. */
  int index(long step) {
    return (int) ((step - lo) / width);
  }

  /** Adds one point. */
  void add(long step, double value) {
    add(index(step), 1, step, step, value, value, value);
  }

  /** Adds points summarised by their statistics; all must fall in bucket {@code i}. */
  void add(int i, long n, long first, long lastAt, double lo, double hi, double lastValue) {
    if (count[i] == 0) {
      minStep[i] = first;
      min[i] = Double.NaN;
      max[i] = Double.NaN;
    }
    count[i] += n;
    if (!Double.isNaN(lo) && (Double.isNaN(min[i]) || lo < min[i])) {
      min[i] = lo;
    }
    if (!Double.isNaN(hi) && (Double.isNaN(max[i]) || hi > max[i])) {
      max[i] = hi;
    }
    last[i] = lastValue;
    lastStep[i] = lastAt;
    total += n;
  }

  /** Points added. */
  long total() {
    return total;
  }

  /** Whether some bucket holds more than one point. */
  boolean merged() {
    for (long c : count) {
      if (c > 1) {
        return true;
      }
    }
    return false;
  }

  /** The non-empty buckets in step order. */
  List<HistoryBucket> buckets() {
    List<HistoryBucket> out = new ArrayList<>();
    for (int i = 0; i < count.length; i++) {
      if (count[i] > 0) {
        out.add(
            new HistoryBucket(
                minStep[i], lastStep[i], count[i], min[i], max[i], last[i], lastStep[i]));
      }
    }
    return out;
  }
}
