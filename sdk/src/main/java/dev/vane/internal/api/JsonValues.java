package dev.vane.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of the read API as plain Java values: objects as {@code Map<String, Object>} in the
 * server's order, arrays as {@code List<Object>}, integers as {@code Long} ({@code BigInteger}
 * beyond), other numbers as {@code Double}, strings, booleans and {@code null}. The strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, which the read API writes for those
 * doubles, become the doubles. Results are unmodifiable.
 */
public final class JsonValues {
  private JsonValues() {}

  /** The value of a node; a missing node is {@code null}. */
  public static Object value(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      return map(n);
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      n.forEach(e -> list.add(value(e)));
      return Collections.unmodifiableList(list);
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      return text(n.textValue());
    }
    return n.toString();
  }

  /** An object's fields, in order; a node that is not an object gives an empty map. */
  public static Map<String, Object> map(JsonNode n) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (n != null && n.isObject()) {
      n.properties().forEach(e -> m.put(e.getKey(), value(e.getValue())));
    }
    return Collections.unmodifiableMap(m);
  }

  /** A number, NaN and infinities included. */
  public static double number(JsonNode n) {
    Object v = value(n);
    if (v instanceof Number num) {
      return num.doubleValue();
    }
    throw new IllegalStateException("not a number in the server's answer: " + n);
  }

  /** An ISO-8601 time, or {@code null}. */
  public static Instant time(JsonNode n) {
    return n == null || !n.isTextual() ? null : Instant.parse(n.textValue());
  }

  private static Object text(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> s;
    };
  }
}
