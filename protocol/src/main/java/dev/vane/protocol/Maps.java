package dev.vane.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Map copies that keep insertion order and null values, which {@link Map#copyOf} refuses. */
final class Maps {
  private Maps() {}

  static Map<String, Object> copyKeepingNulls(Map<String, ?> source) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(source));
  }
}
