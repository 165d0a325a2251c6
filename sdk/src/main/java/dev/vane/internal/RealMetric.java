package dev.vane.internal;

import dev.vane.Metric;
import dev.vane.protocol.MetricDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link Metric} handle of a run: checks each change and hands the whole new definition to a
 * sink (the run records it). Thread-safe.
 */
final class RealMetric implements Metric {
  private final String name;
  private final Consumer<Defined> sink;
  private List<String> summary = List.of();
  private String stepMetric;
  private boolean stepSync = true;
  private boolean hidden;

  /**
   * A complete definition: the record kept with the run, and step sync, which only the SDK applies
   * (it fills in rows, so the server and {@code vane sync} need not know it).
   *
   * @param aggregates the summary aggregates as {@link MetricState} bits, 0 for none (the last
   *     value) and for {@code none}
   */
  record Defined(MetricDefinition definition, boolean stepSync, int aggregates) {
    Defined(MetricDefinition definition, boolean stepSync) {
      this(definition, stepSync, MetricState.bits(definition.summary()));
    }

    /** Whether the key is left out of the summary ({@code none}). */
    boolean noSummary() {
      return definition.summary().contains("none");
    }
  }

  private RealMetric(String name, Consumer<Defined> sink) {
    this.name = name;
    this.sink = sink;
  }

  /**
   * Checks the name, then hands the default definition to the sink.
   *
   * @throws IllegalArgumentException naming {@code name} when it is empty or has a {@code *}
   *     other than a trailing one
   */
  static RealMetric define(String name, Consumer<Defined> sink) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must not be " + (name == null ? "null" : "empty"));
    }
    int star = name.indexOf('*');
    if (star >= 0 && star != name.length() - 1) {
      throw new IllegalArgumentException(
          "name \"" + name + "\": only a trailing * is allowed (\"train/*\")");
    }
    RealMetric m = new RealMetric(name, sink);
    m.changed();
    return m;
  }

  /** The aggregates named, checked: comma lists split, duplicates dropped, in order. */
  static List<String> aggregates(String... aggregates) {
    if (aggregates == null) {
      throw new IllegalArgumentException("summary must not be null");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String arg : aggregates) {
      if (arg == null) {
        throw new IllegalArgumentException("summary must not contain null");
      }
      for (String part : arg.split(",", -1)) {
        String a = part.trim().toLowerCase(Locale.ROOT);
        if (!AGGREGATES.contains(a)) {
          throw new IllegalArgumentException("summary: unknown aggregate \"" + part.trim()
              + "\" (use " + String.join(", ", AGGREGATES) + ")");
        }
        out.add(a);
      }
    }
    if (out.contains("none") && out.size() > 1) {
      throw new IllegalArgumentException(
          "summary: \"none\" cannot be combined with other aggregates: " + out);
    }
    return List.copyOf(new ArrayList<>(out));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Metric summary(String... aggregates) {
    List<String> checked = aggregates(aggregates);
    synchronized (this) {
      summary = checked;
      changed();
    }
    return this;
  }

  @Override
  public Metric stepMetric(String stepMetric) {
    if (stepMetric != null && (stepMetric.isEmpty() || stepMetric.indexOf('*') >= 0)) {
      throw new IllegalArgumentException("stepMetric \"" + stepMetric
          + "\" must be a metric name: not empty, no *");
    }
    synchronized (this) {
      this.stepMetric = stepMetric;
      changed();
    }
    return this;
  }

  @Override
  public synchronized Metric stepSync(boolean stepSync) {
    this.stepSync = stepSync;
    changed();
    return this;
  }

  @Override
  public synchronized Metric hidden(boolean hidden) {
    this.hidden = hidden;
    changed();
    return this;
  }

  @Override
  public synchronized List<String> summary() {
    return summary;
  }

  @Override
  public synchronized String stepMetric() {
    return stepMetric;
  }

  @Override
  public synchronized boolean stepSync() {
    return stepSync;
  }

  @Override
  public synchronized boolean hidden() {
    return hidden;
  }

  private void changed() {
    sink.accept(new Defined(new MetricDefinition(name, stepMetric, summary, hidden), stepSync));
  }

  @Override
  public synchronized String toString() {
    return "Metric{" + name + ", summary=" + summary + ", stepMetric=" + stepMetric
        + ", stepSync=" + stepSync + ", hidden=" + hidden + "}";
  }
}
