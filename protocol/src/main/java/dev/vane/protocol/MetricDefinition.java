package dev.vane.protocol;

import java.util.List;

/**
 * How a metric is summarised and charted, as W&B's {@code define_metric}. A later definition of the
 * same name replaces an earlier one.
 *
 * @param name a metric name, or a glob ending in {@code *} ({@code "train/*"}) that applies to
 *     every key starting with what precedes the {@code *}
 * @param stepMetric the metric to use as this metric's x-axis, or {@code null} for {@code _step}
 * @param summary the summary aggregates: any of {@code min}, {@code max}, {@code mean},
 *     {@code first}, {@code last}, {@code none}; empty for the default (last value). When set, the
 *     SDK writes the aggregates as summary updates ({@code {"loss":{"min":0.03}}}) and the server
 *     no longer sets the key's summary from history rows
 * @param hidden whether charts hide the metric by default
 */
public record MetricDefinition(String name, String stepMetric, List<String> summary,
    boolean hidden) implements RecordPayload {

  /** The aggregates a definition may name. */
  public static final List<String> AGGREGATES =
      List.of("min", "max", "mean", "first", "last", "none");

  /** Copies the list so the record cannot change after creation. */
  public MetricDefinition {
    summary = summary == null ? List.of() : List.copyOf(summary);
  }

  /** Whether this definition applies to {@code key}: the same name, or a glob's prefix. */
  public boolean matches(String key) {
    return name.endsWith("*") ? key.startsWith(name.substring(0, name.length() - 1))
        : name.equals(key);
  }

  @Override
  public RecordType type() {
    return RecordType.METRIC;
  }
}
