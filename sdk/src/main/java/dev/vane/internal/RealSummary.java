package dev.vane.internal;

import dev.vane.Summary;
import dev.vane.protocol.SummaryUpdate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link Summary} of a run: per key the last logged value ({@link #logged}), unless set here.
 * Explicit changes are handed to a sink (which records them) under the run's lock.
 */
final class RealSummary implements Summary {
  private final Object lock;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Consumer<SummaryUpdate> sink;
  private final Diagnostics diag;

  RealSummary(Object lock, Consumer<SummaryUpdate> sink, Diagnostics diag) {
    this.lock = lock;
    this.sink = sink;
    this.diag = diag;
  }

  /** Takes the values of a log call (flat); keys starting with {@code _} are not summarised. */
  void logged(Map<String, Object> flat) {
    synchronized (lock) {
      for (Map.Entry<String, Object> e : flat.entrySet()) {
        if (!e.getKey().startsWith("_")) {
          values.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  @Override
  public Object get(String key) {
    synchronized (lock) {
      return values.get(key);
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
        values.putAll(flat);
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
      values.remove(key);
      sink.accept(new SummaryUpdate(Map.of(), List.of(key)));
    }
  }

  @Override
  public Map<String, Object> asMap() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
