package dev.vane.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run knows of one logged key: its JSON name, the statistics of the values written in
 * history rows (for summary aggregates and the sparkline), the last value logged, and the
 * definition that applies to it (resolved once per change of definitions). Kept per key so that
 * the hot path does one map lookup per key and allocates nothing. Not thread-safe: the run's lock
 * guards it.
 */
final class MetricState {
  /** Aggregate bits: which aggregates a definition names, and which a written value changed. */
  static final int FIRST = 1;
  static final int LAST = 2;
  static final int MIN = 4;
  static final int MAX = 8;
  static final int MEAN = 16;

  final String key;
  /** {@code "key":} as UTF-8 JSON, built on first use. */
  private byte[] jsonName;

  /** The last value logged (rows not yet written included), for step sync and redefinitions. */
  Object latest;

  /** Whether the summary map holds this state, standing for {@link #latest} (RealSummary). */
  boolean inSummary;

  /** Where the key is in the pending row: valid while {@code rowEpoch} is the row's epoch. */
  long rowEpoch = -1;
  int rowSlot;

  /** The definition that applies, valid while {@code definitionsVersion} is current. */
  RealMetric.Defined definition;
  int definitionsVersion = -1;

  /** The aggregate map last put in the summary, to see when the user replaced it. */
  Object emitted;

  private MetricSampler sampler;
  private boolean hasData;
  private Object first;
  private Object last;
  private long count;
  private double sum;
  private double min;
  private double max;
  /** Exact bounds while every numeric value is a {@code Long}, so integers stay integers. */
  private boolean integral = true;
  private long minLong;
  private long maxLong;

  MetricState(String key) {
    this.key = key;
  }

  /** {@code "key":} as UTF-8 JSON. */
  byte[] jsonName() {
    byte[] b = jsonName;
    if (b == null) {
      b = jsonName = HistoryEncoder.name(key);
    }
    return b;
  }

  /** The aggregate bits of {@code aggregates} ({@code none} has none). */
  static int bits(List<String> aggregates) {
    int bits = 0;
    for (String a : aggregates) {
      bits |= switch (a) {
        case "first" -> FIRST;
        case "last" -> LAST;
        case "min" -> MIN;
        case "max" -> MAX;
        case "mean" -> MEAN;
        default -> 0;
      };
    }
    return bits;
  }

  /**
   * Takes a value written in a history row.
   *
   * @return the aggregate bits whose value may have changed (a superset: the caller compares the
   *     new summary with the old before recording it, so this only saves work)
   */
  int written(Object v, int sparklineCapacity) {
    int changed = LAST;
    if (!hasData) {
      first = v;
      hasData = true;
      changed |= FIRST;
    }
    last = v;
    if (!(v instanceof Number n)) {
      return changed;
    }
    double d = n.doubleValue();
    if (count == 0) {
      min = d;
      max = d;
      sum = d;
      changed |= MIN | MAX | MEAN;
    } else {
      // Math.min and max return NaN when either side is NaN: a NaN sticks, as in W&B.
      double oldMin = min;
      double oldMax = max;
      min = Math.min(min, d);
      max = Math.max(max, d);
      sum += d;
      // No division for the mean here: it runs for every key of every row.
      changed |= MEAN | (Double.compare(min, oldMin) != 0 ? MIN : 0)
          | (Double.compare(max, oldMax) != 0 ? MAX : 0);
    }
    if (v instanceof Long l) {
      long x = l;
      if (count == 0) {
        minLong = x;
        maxLong = x;
      } else if (integral) {
        minLong = Math.min(minLong, x);
        maxLong = Math.max(maxLong, x);
      }
    } else {
      integral = false;
    }
    count++;
    if (sampler == null) {
      sampler = new MetricSampler(sparklineCapacity);
    }
    sampler.add(d);
    return changed;
  }

  /** The sampler of the numeric values, or {@code null} when none was written. */
  MetricSampler sampler() {
    return sampler;
  }

  /**
   * The summary value for {@code aggregates} (not {@code none}): aggregate name to value, those
   * without data left out; {@code null} when no value was written yet.
   */
  Map<String, Object> aggregates(List<String> aggregates) {
    if (!hasData) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String a : aggregates) {
      switch (a) {
        case "first" -> out.put(a, first);
        case "last" -> out.put(a, last);
        case "min" -> {
          if (count > 0) {
            out.put(a, integral ? (Object) minLong : (Object) min);
          }
        }
        case "max" -> {
          if (count > 0) {
            out.put(a, integral ? (Object) maxLong : (Object) max);
          }
        }
        case "mean" -> {
          if (count > 0) {
            out.put(a, sum / count);
          }
        }
        default -> { } // "none" has no value
      }
    }
    return out;
  }
}
