package dev.vane.internal;

import dev.vane.Summary;
import dev.vane.protocol.SummaryUpdate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link Summary} of a run: per key the last logged value ({@link #follow}), or for keys with
 * summary aggregates the aggregates the run computes ({@link #apply}), unless set here. Explicit
 * and computed changes are handed to a sink (which records them) under the run's lock; last logged
 * values are not recorded, since the history rows carry them.
 */
final class RealSummary implements Summary {
  private final Object lock;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Consumer<SummaryUpdate> sink;
  private final Diagnostics diag;
  private final Runnable beforeAccess;

  /**
   * @param beforeAccess run under the lock before each public read or change (the run applies
   *     pending metric definitions)
   */
  RealSummary(Object lock, Runnable beforeAccess, Consumer<SummaryUpdate> sink, Diagnostics diag) {
    this.lock = lock;
    this.beforeAccess = beforeAccess;
    this.sink = sink;
    this.diag = diag;
  }

  /**
   * Takes a continued run's summary as it stands on the server, without recording it again: the
   * server has it.
   */
  void restore(Map<String, Object> earlier) {
    synchronized (lock) {
      values.putAll(earlier);
    }
  }

  /**
   * Makes a key's summary its last logged value, {@link MetricState#latest}, from now on: the map
   * holds the state itself, so later log calls change the summary without a map write. The caller
   * holds the run's lock.
   */
  void follow(MetricState m) {
    if (!m.key.startsWith("_")) {
      set(m.key, m);
      m.inSummary = true;
    }
  }

  private void set(String key, Object value) {
    release(values.put(key, value));
  }

  /** A key's state that no longer stands for its summary value. */
  private static void release(Object old) {
    if (old instanceof MetricState m) {
      m.inSummary = false;
    }
  }

  private static Object resolve(Object v) {
    return v instanceof MetricState m ? m.latest : v;
  }

  /** The summary value of a key, or {@code null}. The caller holds the run's lock. */
  Object current(String key) {
    return resolve(values.get(key));
  }

  /**
   * Sets and removes keys as one recorded change; does nothing when both are empty. The caller
   * holds the run's lock.
   */
  void apply(Map<String, Object> set, List<String> removed) {
    if (set.isEmpty() && removed.isEmpty()) {
      return;
    }
    set.forEach(this::set);
    removed.forEach(k -> release(values.remove(k)));
    sink.accept(new SummaryUpdate(set, removed));
  }

  /**
   * Sets values the run computed and recorded itself (summary aggregates). The caller holds the
   * run's lock.
   */
  void computed(Map<String, Object> set) {
    set.forEach(this::set);
  }

  @Override
  public Object get(String key) {
    synchronized (lock) {
      beforeAccess.run();
      return resolve(values.get(key));
    }
  }

  @Override
  public void put(String key, Object value) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put(key, value);
    putAll(one);
  }

  @Override
  public void putAll(Map<String, ?> changes) {
    if (changes == null) {
      diag.warnOnce("summary:null", "summary: ignoring a null map");
      return;
    }
    try {
      Map<String, Object> flat = new LinkedHashMap<>();
      Values.flatten("summary", "", changes, flat, diag::warnOnce);
      if (flat.isEmpty()) {
        return;
      }
      synchronized (lock) {
        beforeAccess.run();
        flat.forEach(this::set);
        sink.accept(new SummaryUpdate(flat, List.of()));
      }
    } catch (RuntimeException e) {
      diag.warnOnce("summary:error", "summary: " + e);
    }
  }

  @Override
  public void remove(String key) {
    if (key == null) {
      diag.warnOnce("summary:nullkey", "summary: ignoring remove(null)");
      return;
    }
    synchronized (lock) {
      beforeAccess.run();
      release(values.remove(key));
      sink.accept(new SummaryUpdate(Map.of(), List.of(key)));
    }
  }

  @Override
  public Map<String, Object> asMap() {
    synchronized (lock) {
      beforeAccess.run();
      Map<String, Object> copy = new LinkedHashMap<>();
      values.forEach((k, v) -> copy.put(k, resolve(v)));
      return Collections.unmodifiableMap(copy);
    }
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
