package dev.vane.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's logged keys ({@link MetricState}) and metric definitions. For a key, the definition of
 * the same name wins, else the most recently defined matching glob (as the server resolves them).
 * Each key caches its definition until the definitions change. Not thread-safe: the run's lock
 * guards it.
 */
final class Metrics {
  /** Most characters of a sparkline. */
  static final int SPARKLINE_WIDTH = 40;

  private final Map<String, MetricState> states = new HashMap<>();
  /** By name, in definition order: a redefinition moves to the end. */
  private final Map<String, RealMetric.Defined> definitions = new LinkedHashMap<>();
  private int version;
  private boolean stepSync;

  /** The state of a key, created on first use. */
  MetricState state(String key) {
    MetricState m = states.get(key);
    if (m == null) {
      m = new MetricState(key);
      states.put(key, m);
    }
    return m;
  }

  /** The state of a key, or {@code null} when it was never logged. */
  MetricState existing(String key) {
    return states.get(key);
  }

  /** Every key logged. */
  Collection<MetricState> states() {
    return states.values();
  }

  /** The definition that applies to a key, or {@code null}. */
  RealMetric.Defined definition(MetricState m) {
    if (m.definitionsVersion != version) {
      m.definition = definitions.isEmpty() ? null : resolve(m.key);
      m.definitionsVersion = version;
    }
    return m.definition;
  }

  private RealMetric.Defined resolve(String key) {
    RealMetric.Defined exact = definitions.get(key);
    if (exact != null) {
      return exact;
    }
    RealMetric.Defined glob = null;
    for (RealMetric.Defined d : definitions.values()) {
      String name = d.definition().name();
      if (name.endsWith("*") && d.definition().matches(key)) {
        glob = d;
      }
    }
    return glob;
  }

  /** Adds or replaces a definition. */
  void define(RealMetric.Defined d) {
    definitions.remove(d.definition().name());
    definitions.put(d.definition().name(), d);
    version++;
    stepSync = false;
    for (RealMetric.Defined x : definitions.values()) {
      stepSync |= x.stepSync() && x.definition().stepMetric() != null;
    }
  }

  /** Whether some definition fills in a step metric, so rows need a look before they go out. */
  boolean anyStepSync() {
    return stepSync;
  }

  /** Metric name to sparkline, sorted by name; keys starting with {@code _} are left out. */
  Map<String, String> sparklines() {
    Map<String, String> out = new TreeMap<>();
    for (MetricState m : states.values()) {
      if (m.key.startsWith("_") || m.sampler() == null) {
        continue;
      }
      double[] samples = m.sampler().samples(SPARKLINE_WIDTH);
      if (samples.length > 0) {
        out.put(m.key, TerminalFormat.sparkline(samples));
      }
    }
    return out;
  }
}
