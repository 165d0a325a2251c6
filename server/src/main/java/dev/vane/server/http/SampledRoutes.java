package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.HistoryBucket;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Full-fidelity sampled history for charts: {@code GET .../{id}/history/sampled?key=K&buckets=B}
 * for one series and {@code GET /api/v1/runs/{entity}/{project}/sampled?keys=&runs=&buckets=} for a
 * workspace of runs and keys. Unknown runs in the second are left out, so a chart of many runs
 * survives one being deleted.
 */
final class SampledRoutes implements RouteGroup {
  /** Buckets when the request names none: W&B's full-fidelity default. */
  static final int DEFAULT_BUCKETS = 1_000;
  /** The most buckets a series may ask for. */
  static final int MAX_BUCKETS = 10_000;
  /** The most (run, key) series one workspace request may ask for. */
  static final int MAX_SERIES = 1_000;
  /** The most buckets (runs x keys x buckets) one workspace request may ask for: ~20 MB of JSON. */
  static final long MAX_TOTAL_BUCKETS = 200_000;

  private final Database database;
  private final AccessGuard guard;

  /** Reads history from the database. */
  SampledRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/runs/{entity}/{project}/{id}/history/sampled", Access.READ, this::one);
    routes.get("/api/v1/runs/{entity}/{project}/sampled", Access.READ, this::many);
  }

  /** The step range and bucket count of a request. */
  private record Range(int buckets, Long minStep, Long maxStep) {}

  private static Range range(Context ctx) {
    Long buckets = QueryParams.optionalLong(ctx, "buckets", 1, MAX_BUCKETS);
    Long min = QueryParams.optionalLong(ctx, "minStep", 0, Long.MAX_VALUE);
    Long max = QueryParams.optionalLong(ctx, "maxStep", 0, Long.MAX_VALUE);
    if (min != null && max != null && min > max) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "minStep (" + min + ") must not be above maxStep (" + max + ")");
    }
    return new Range(buckets == null ? DEFAULT_BUCKETS : buckets.intValue(), min, max);
  }

  private void one(Context ctx) {
    RunPath path = guard.runPath(ctx);
    String key = ctx.queryParam("key");
    if (key == null || key.isEmpty()) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT, "key is required (the key to sample)");
    }
    Range r = range(ctx);
    List<HistoryBucket> buckets =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              return s.history().sampled(run.pk(), key, r.buckets(), r.minStep(), r.maxStep());
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", key);
    body.put("buckets", json(buckets));
    ApiJson.send(ctx, body);
  }

  private void many(Context ctx) {
    String entity = guard.entity(ctx);
    String project = NameRules.requireName("project", ctx.pathParam("project"));
    Set<String> keys = required(ctx, "keys");
    Set<String> runs = required(ctx, "runs");
    runs.forEach(NameRules::requireRunId);
    if ((long) keys.size() * runs.size() > MAX_SERIES) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "runs x keys must be at most " + MAX_SERIES + ", not " + keys.size() * runs.size());
    }
    Range r = range(ctx);
    long total = (long) keys.size() * runs.size() * r.buckets();
    if (total > MAX_TOTAL_BUCKETS) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "buckets x runs x keys must be at most "
              + MAX_TOTAL_BUCKETS
              + ", not "
              + total
              + "; ask for fewer buckets, runs or keys");
    }
    List<Map<String, Object>> series =
        database.read(
            s -> {
              Project p = AccessGuard.project(s, entity, project);
              List<Map<String, Object>> out = new ArrayList<>();
              for (String id : runs) {
                Optional<Run> run = s.runs().find(p.id(), id);
                if (run.isEmpty()) {
                  continue; // unknown or deleted: left out
                }
                for (String key : keys) {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("run", id);
                  one.put("key", key);
                  long pk = run.get().pk();
                  one.put(
                      "buckets",
                      json(s.history().sampled(pk, key, r.buckets(), r.minStep(), r.maxStep())));
                  out.add(one);
                }
              }
              return out;
            });
    ApiJson.send(ctx, Map.of("series", series));
  }

  private static Set<String> required(Context ctx, String name) {
    Set<String> values = QueryParams.names(ctx.queryParam(name));
    if (values == null) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT, name + " is required (comma-separated, at least one)");
    }
    return values;
  }

  /** Buckets as JSON objects with the pinned field order. */
  private static List<Map<String, Object>> json(List<HistoryBucket> buckets) {
    List<Map<String, Object>> out = new ArrayList<>(buckets.size());
    for (HistoryBucket b : buckets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("minStep", b.minStep());
      m.put("maxStep", b.maxStep());
      m.put("count", b.count());
      m.put("min", b.min());
      m.put("max", b.max());
      m.put("last", b.last());
      m.put("lastStep", b.lastStep());
      out.add(m);
    }
    return out;
  }
}
