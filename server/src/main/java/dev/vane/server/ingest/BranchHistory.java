package dev.vane.server.ingest;

import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.HistoryStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a branch (fork or rewind) starts with from its source's history up to the branch step: how
 * many rows it shares, and its summary recomputed from them as the rows would have set it (the last
 * value of each key, or the aggregates its metric definition names). Keys the source's summary has
 * that no shared row logged (set with {@code summary.put}) are kept.
 */
final class BranchHistory {
  /** The rows shared and the summary. */
  record Start(long rows, Map<String, Object> summary) {}

  private BranchHistory() {}

  /** Reads the source's rows up to {@code step} once. */
  static Start of(
      HistoryStore history,
      long sourcePk,
      long step,
      Map<String, Object> sourceSummary,
      Map<String, Object> metrics) {
    Map<String, Aggregate> keys = new LinkedHashMap<>();
    long[] rows = {0};
    history.stream(
        sourcePk,
        new HistoryQuery(null, null, step, null),
        row -> {
          rows[0]++;
          row.forEach(
              (k, v) -> {
                if (!k.startsWith("_")) {
                  keys.computeIfAbsent(k, x -> new Aggregate()).add(v);
                }
              });
        });
    Map<String, Object> summary = new LinkedHashMap<>();
    sourceSummary.forEach(
        (k, v) -> {
          if (!keys.containsKey(k)) {
            summary.put(k, v);
          }
        });
    keys.forEach(
        (k, agg) -> {
          List<String> wanted = MetricRules.aggregates(metrics, k);
          if (wanted.isEmpty()) {
            summary.put(k, agg.last);
          } else if (!wanted.contains("none")) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String a : wanted) {
              Object v = agg.value(a);
              // as the SDK does: an aggregate without numbers is left out
              if (v != null || a.equals("first") || a.equals("last")) {
                values.put(a, v);
              }
            }
            summary.put(k, values);
          }
        });
    return new Start(rows[0], summary);
  }

  /** One key's first, last, min, max and mean, as the SDK computes them. */
  private static final class Aggregate {
    private Object first;
    private Object last;
    private boolean any;
    private boolean numeric;
    private boolean integral = true;
    private double min;
    private double max;
    private long minLong;
    private long maxLong;
    private double sum;
    private long count;

    void add(Object v) {
      if (!any) {
        first = v;
        any = true;
      }
      last = v;
      if (!(v instanceof Number n) || v instanceof java.math.BigDecimal) {
        return;
      }
      double d = n.doubleValue();
      boolean isLong = v instanceof Long || v instanceof Integer;
      if (!numeric) {
        numeric = true;
        min = d;
        max = d;
        minLong = n.longValue();
        maxLong = n.longValue();
      } else {
        // Math.min and max keep a NaN, as the SDK's aggregates do.
        min = Math.min(min, d);
        max = Math.max(max, d);
        minLong = Math.min(minLong, n.longValue());
        maxLong = Math.max(maxLong, n.longValue());
      }
      integral &= isLong;
      sum += d;
      count++;
    }

    Object value(String aggregate) {
      return switch (aggregate) {
        case "first" -> first;
        case "last" -> last;
        case "min" -> !numeric ? null : integral ? (Object) minLong : (Object) min;
        case "max" -> !numeric ? null : integral ? (Object) maxLong : (Object) max;
        case "mean" -> !numeric ? null : sum / count;
        default -> null;
      };
    }
  }
}
