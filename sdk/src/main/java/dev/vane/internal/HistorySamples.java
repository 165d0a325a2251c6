package dev.vane.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of every numeric metric of a run, for the sparklines printed at finish: bounded memory
 * per metric ({@link MetricSampler}), evenly spread over the whole run. Not thread-safe: the run's
 * lock guards it.
 */
final class HistorySamples {
  /** Most characters of a sparkline. */
  static final int WIDTH = 40;

  private final Map<String, MetricSampler> samplers = new HashMap<>();

  /** Takes the numeric values of a written row; keys starting with {@code _} are skipped. */
  void add(Map<String, Object> row) {
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey().startsWith("_") || !(e.getValue() instanceof Number n)) {
        continue;
      }
      samplers.computeIfAbsent(e.getKey(), k -> new MetricSampler(2 * WIDTH))
          .add(n.doubleValue());
    }
  }

  /** Metric name to sparkline, sorted by name; metrics without a finite value are left out. */
  Map<String, String> sparklines() {
    Map<String, String> out = new TreeMap<>();
    samplers.forEach((k, s) -> {
      double[] samples = s.samples(WIDTH);
      if (samples.length > 0) {
        out.put(k, TerminalFormat.sparkline(samples));
      }
    });
    return out;
  }
}
