package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.HistoryBucket;
import dev.vane.server.store.Run;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's system metrics ({@code system.cpu}, {@code system.gpu.0.temp}, ...) for charts: {@code
 * GET .../{id}/system/sampled?buckets=B&keys=K1,K2}, each series cut into buckets as the sampled
 * history is, over the run's runtime rather than its steps. System metrics live in a store of their
 * own, keyed by runtime in milliseconds; the answer gives runtimes in seconds.
 */
final class SystemRoutes implements RouteGroup {
  private final Database database;
  private final AccessGuard guard;

  /** Reads system metrics from the database. */
  SystemRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/runs/{entity}/{project}/{id}/system/sampled", Access.READ, this::sampled);
  }

  private void sampled(Context ctx) {
    RunPath path = guard.runPath(ctx);
    Long b = QueryParams.optionalLong(ctx, "buckets", 1, SampledRoutes.MAX_BUCKETS);
    int buckets = b == null ? SampledRoutes.DEFAULT_BUCKETS : b.intValue();
    Set<String> asked = QueryParams.names(ctx.queryParam("keys"));
    if (asked != null) {
      for (String key : asked) {
        if (!key.startsWith("system.")) {
          throw ApiException.of(
              ErrorCode.INVALID_ARGUMENT,
              "keys must be system metric names (starting with \"system.\"), not \"" + key + "\"");
        }
      }
      checkTotal(asked.size(), buckets);
    }
    Map<String, Object> series =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              List<String> keys =
                  asked != null ? List.copyOf(asked) : s.system().keys(run.pk());
              checkTotal(keys.size(), buckets);
              Map<String, Object> out = new LinkedHashMap<>();
              for (String key : keys) {
                out.put(key, json(s.system().sampled(run.pk(), key, buckets, null, null)));
              }
              return out;
            });
    ApiJson.send(ctx, Map.of("series", series));
  }

  private static void checkTotal(int keys, int buckets) {
    long total = (long) keys * buckets;
    if (total > SampledRoutes.MAX_TOTAL_BUCKETS) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "buckets x keys must be at most "
              + SampledRoutes.MAX_TOTAL_BUCKETS
              + ", not "
              + total
              + "; ask for fewer buckets or keys");
    }
  }

  /** Buckets as JSON objects, runtimes in seconds (stored as milliseconds). */
  private static List<Map<String, Object>> json(List<HistoryBucket> buckets) {
    List<Map<String, Object>> out = new ArrayList<>(buckets.size());
    for (HistoryBucket bucket : buckets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("minRuntime", bucket.minStep() / 1000.0);
      m.put("maxRuntime", bucket.maxStep() / 1000.0);
      m.put("count", bucket.count());
      m.put("min", bucket.min());
      m.put("max", bucket.max());
      m.put("last", bucket.last());
      m.put("lastRuntime", bucket.lastStep() / 1000.0);
      out.add(m);
    }
    return out;
  }
}
