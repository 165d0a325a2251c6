package dev.vane.internal;

import dev.vane.Config;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link Config} of a run: values checked by {@link Values#configMap}, each change handed to a
 * sink (which records it) under the run's lock. Unsupported values are dropped with a warning.
 */
final class RealConfig implements Config {
  private final Object lock;
  private final Map<String, Object> values;
  private final Consumer<Map<String, Object>> sink;
  private final Diagnostics diag;

  RealConfig(Map<String, Object> initial, Object lock, Consumer<Map<String, Object>> sink,
      Diagnostics diag) {
    this.values = new LinkedHashMap<>(initial);
    this.lock = lock;
    this.sink = sink;
    this.diag = diag;
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
      diag.warnOnce("config:null", "config: ignoring a null map");
      return;
    }
    try {
      Map<String, Object> checked = new LinkedHashMap<>();
      for (Map.Entry<String, ?> e : changes.entrySet()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(e.getKey(), e.getValue());
        try {
          checked.putAll(Values.configMap("config", one));
        } catch (IllegalArgumentException ex) {
          diag.warnOnce("config:" + e.getKey(), "ignoring a config value: " + ex.getMessage());
        }
      }
      if (checked.isEmpty()) {
        return;
      }
      synchronized (lock) {
        values.putAll(checked);
        sink.accept(checked);
      }
    } catch (RuntimeException e) {
      diag.warnOnce("config:error", "config: " + e);
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
