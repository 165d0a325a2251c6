package dev.vane.server.ingest;

import java.util.List;
import java.util.Map;

/** What a run's metric definitions say about a key's summary. */
final class MetricRules {
  private MetricRules() {}

  /**
   * The summary aggregates a definition names for the key (the exact name first, else the last
   * matching glob {@code prefix*}); empty when none does, {@code ["none"]} when the key is kept
   * out of the summary.
   *
   * @param metrics definitions by name, each a map with a {@code summary} list
   */
  static List<String> aggregates(Map<String, Object> metrics, String key) {
    Object exact = metrics.get(key);
    if (exact != null) {
      return summaryOf(exact);
    }
    List<String> result = List.of();
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("*") && key.startsWith(name.substring(0, name.length() - 1))) {
        result = summaryOf(e.getValue());
      }
    }
    return result;
  }

  private static List<String> summaryOf(Object definition) {
    Object summary = ((Map<?, ?>) definition).get("summary");
    return summary == null
        ? List.of()
        : ((List<?>) summary).stream().map(String::valueOf).toList();
  }
}
