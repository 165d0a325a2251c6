package dev.vane.server.http;

import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.Run;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/runs/{entity}/{project}/{id}/history?keys=a,b&minStep=&maxStep=&limit=}: a
 * run's history rows in step order.
 */
final class HistoryRoutes implements RouteGroup {
  private final Database database;
  private final AccessGuard guard;

  /** Reads history from the database. */
  HistoryRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/runs/{entity}/{project}/{id}/history", this::history);
  }

  private void history(Context ctx) {
    RunPath path = guard.runPath(ctx);
    Long limit = QueryParams.optionalLong(ctx, "limit", 1, Integer.MAX_VALUE);
    HistoryQuery query =
        new HistoryQuery(
            keys(ctx.queryParam("keys")),
            QueryParams.optionalLong(ctx, "minStep", Long.MIN_VALUE, Long.MAX_VALUE),
            QueryParams.optionalLong(ctx, "maxStep", Long.MIN_VALUE, Long.MAX_VALUE),
            limit == null ? null : limit.intValue());
    List<Map<String, Object>> rows =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              return s.history().read(run.pk(), query);
            });
    ApiJson.send(ctx, Map.of("rows", rows));
  }

  /** The comma-separated keys, or {@code null} (every key) when none are named. */
  private static Set<String> keys(String raw) {
    if (raw == null) {
      return null;
    }
    Set<String> keys = new LinkedHashSet<>();
    Arrays.stream(raw.split(",")).map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
    return keys.isEmpty() ? null : keys;
  }
}
