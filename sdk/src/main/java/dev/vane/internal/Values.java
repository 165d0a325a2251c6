package dev.vane.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns user values into what records hold. History and summary values are flat: numbers
 * ({@code Long} or {@code Double}, NaN and infinities kept), booleans and strings, with nested maps
 * flattened to dotted keys. Config values may also be {@code null}, lists and nested maps.
 */
public final class Values {
  /** Keys every history row gets from the SDK; users cannot log them. */
  public static final Set<String> RESERVED = Set.of("_step", "_runtime", "_timestamp");

  /** Receives a problem found in user values: a key to report it once by, and the message. */
  @FunctionalInterface
  public interface ProblemSink {
    /** Reports one problem. */
    void problem(String onceKey, String message);
  }

  /** Receives the flat values of {@link #flatten(String, String, Map, FlatSink, ProblemSink)}. */
  @FunctionalInterface
  public interface FlatSink {
    /** Takes one flat key and its normalized value. */
    void value(String key, Object value);
  }

  private static final Object UNSUPPORTED = new Object();
  private static final int STEP_HASH = "_step".hashCode();
  private static final int RUNTIME_HASH = "_runtime".hashCode();
  private static final int TIMESTAMP_HASH = "_timestamp".hashCode();

  private Values() {}

  /**
   * Flattens metric values into {@code out}: nested maps become dotted keys; unsupported values,
   * null keys and reserved keys are left out and reported.
   *
   * @param what the operation, for messages ({@code log}, {@code summary})
   */
  public static void flatten(
      String what, String prefix, Map<?, ?> values, Map<String, Object> out, ProblemSink sink) {
    flatten(what, prefix, values, (FlatSink) out::put, sink);
  }

  /**
   * Flattens metric values into a sink, in the map's order: nested maps become dotted keys;
   * unsupported values, null keys and reserved keys are left out and reported. A key may reach the
   * sink twice (a nested {@code a.b} and a literal {@code "a.b"}); the later value wins.
   *
   * @param what the operation, for messages ({@code log}, {@code summary})
   */
  public static void flatten(
      String what, String prefix, Map<?, ?> values, FlatSink out, ProblemSink sink) {
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (e.getKey() == null) {
        sink.problem(what + ":nullkey", what + ": ignoring a value with a null key");
        continue;
      }
      // The common case, a String key at the top level, is used as it is: no new string.
      String key = prefix.isEmpty() && e.getKey() instanceof String k ? k : prefix + e.getKey();
      // Checks by the cached hash first: most keys then never touch their characters here.
      int hash = key.hashCode();
      if (hash == 0 && key.isEmpty()) {
        sink.problem(what + ":emptykey", what + ": ignoring a value with an empty key");
        continue;
      }
      Object v = e.getValue();
      // Double and Long are final classes, cheap to test; Map is an interface, which is not.
      boolean plain = v instanceof Double || v instanceof Long;
      if (!plain && v instanceof Map<?, ?> nested) {
        flatten(what, key + ".", nested, out, sink);
        continue;
      }
      if ((hash == STEP_HASH || hash == RUNTIME_HASH || hash == TIMESTAMP_HASH)
          && RESERVED.contains(key)) {
        sink.problem(what + ":reserved:" + key,
            what + ": ignoring key '" + key + "': it is set by Vane");
        continue;
      }
      Object s = plain ? v : scalar(v);
      if (s == UNSUPPORTED) {
        String type = v == null ? "null" : v.getClass().getName();
        sink.problem(what + ":type:" + key + ":" + type,
            what + ": ignoring key '" + key + "': " + (v == null ? "null values are"
                : "values of type " + type + " are")
                + " not supported (use int, long, float, double, boolean, String or a nested Map)");
        continue;
      }
      out.value(key, s);
    }
  }

  /** A number, boolean or string normalized for a record, or {@link #UNSUPPORTED}. */
  private static Object scalar(Object v) {
    if (v instanceof Double || v instanceof Long) {
      return v; // first, and as they are: the most common metric values
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      // Float.toString keeps the short decimal the user wrote: 0.1f stays 0.1, not 0.100000001.
      return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : (double) f;
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (v instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof CharSequence || v instanceof Character) {
      return v.toString();
    }
    return UNSUPPORTED;
  }

  /**
   * Checks and copies a config map (unmodifiable, nested maps and lists too): numbers, booleans, strings, enums (as their name), {@code
   * null}, lists, arrays and nested maps.
   *
   * @param field the option name for messages
   * @throws IllegalArgumentException naming the key of the first unsupported value
   */
  public static Map<String, Object> configMap(String field, Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException(field + " must not have a null key");
      }
      String key = e.getKey().toString();
      out.put(key, configValue(field + "." + key, e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object configValue(String path, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      return configMap(path, m);
    }
    if (v instanceof Enum<?> en) {
      return en.name();
    }
    if (v instanceof Collection<?> c) {
      List<Object> list = new ArrayList<>(c.size());
      int i = 0;
      for (Object item : c) {
        list.add(configValue(path + "[" + i++ + "]", item));
      }
      return Collections.unmodifiableList(list);
    }
    if (v.getClass().isArray()) {
      int n = Array.getLength(v);
      List<Object> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(configValue(path + "[" + i + "]", Array.get(v, i)));
      }
      return Collections.unmodifiableList(list);
    }
    Object s = scalar(v);
    if (s == UNSUPPORTED) {
      throw new IllegalArgumentException(
          path + " has a value of unsupported type " + v.getClass().getName()
              + " (use numbers, booleans, strings, null, lists or nested maps)");
    }
    return s;
  }
}
