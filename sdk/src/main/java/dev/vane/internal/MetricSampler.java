package dev.vane.internal;

import java.util.Arrays;

/**
 * Evenly spaced samples of one metric over a whole run, in bounded memory: every
 * {@code stride}-th value is kept; when the buffer is full every other sample is dropped and the
 * stride doubles. The last value is always known, so a sparkline ends where the metric ended.
 * Not thread-safe.
 */
public final class MetricSampler {
  private final double[] buf;
  private int size;
  private long stride = 1;
  private long seen;
  private double last = Double.NaN;
  private boolean lastKept;

  /** A sampler keeping at most {@code capacity} samples (even, at least 2). */
  public MetricSampler(int capacity) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException("capacity must be even and >= 2: " + capacity);
    }
    buf = new double[capacity];
  }

  /** Adds a value; non-finite values are ignored. */
  public void add(double v) {
    if (!Double.isFinite(v)) {
      return;
    }
    last = v;
    lastKept = seen % stride == 0;
    if (lastKept) {
      if (size == buf.length) {
        for (int i = 0; i < size / 2; i++) {
          buf[i] = buf[2 * i];
        }
        size /= 2;
        stride *= 2;
        lastKept = seen % stride == 0;
      }
      if (lastKept) {
        buf[size++] = v;
      }
    }
    seen++;
  }

  /** Number of values added. */
  public long count() {
    return seen;
  }

  /** At most {@code width} evenly spaced samples in order, ending with the last value. */
  public double[] samples(int width) {
    double[] all = Arrays.copyOf(buf, size + (lastKept || seen == 0 ? 0 : 1));
    if (!lastKept && seen > 0) {
      all[size] = last;
    }
    if (all.length <= width) {
      return all;
    }
    double[] out = new double[width];
    for (int i = 0; i < width; i++) {
      // first and last sample always included
      int idx = (int) Math.round((double) i * (all.length - 1) / (width - 1));
      out[i] = all[idx];
    }
    return out;
  }
}
