package dev.vane;

import java.util.Map;

/**
 * A run's summary: one value per metric, shown in run tables and at the end of the run. By
 * default a key's summary is the last value logged for it with {@link Run#log(Map)}; for a metric
 * given summary aggregates by {@link Run#defineMetric(String)} it is a map of them, such as {@code
 * {"min": 0.03, "max": 0.9}}, updated as rows are written. Setting a key here overrides that,
 * until the key is logged again (for aggregates: until its next row is written).
 *
 * <p>Values follow the rules of {@link Run#log(Map)}: numbers, booleans and strings, with nested
 * maps flattened to dotted keys. Safe to use from several threads.
 *
 * <pre>{@code
 * run.summary().put("best_accuracy", bestAccuracy);
 * }</pre>
 */
public interface Summary {

  /** The summary value of a key, or {@code null} when it has none. */
  Object get(String key);

  /** Sets a key's summary value. */
  void put(String key, Object value);

  /** Sets several summary values at once, as one recorded change. */
  void putAll(Map<String, ?> values);

  /** Removes a key from the summary (until it is logged again). */
  void remove(String key);

  /** A snapshot of the whole summary; later changes do not show in it. */
  Map<String, Object> asMap();
}
