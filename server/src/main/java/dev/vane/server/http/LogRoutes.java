package dev.vane.server.http;

import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.LogLine;
import dev.vane.server.store.Run;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/runs/{entity}/{project}/{id}/logs?offset=&limit=}: a page of the run's
 * console lines, in the order the program printed them. Lines are numbered from 0; a page starts
 * at line {@code offset} (default 0) and holds up to {@code limit} lines (default 1000, at most
 * 10000), found through the table's primary key so a late page of a long run is as quick as the
 * first.
 */
final class LogRoutes implements RouteGroup {
  /** Lines per page when the request names no limit. */
  static final int DEFAULT_LIMIT = 1000;
  /** The most lines one page holds. */
  static final int MAX_LIMIT = 10_000;

  private final Database database;
  private final AccessGuard guard;

  /** Reads console lines from the database. */
  LogRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/runs/{entity}/{project}/{id}/logs", Access.READ, this::logs);
  }

  private void logs(Context ctx) {
    RunPath path = guard.runPath(ctx);
    Long offsetParam = QueryParams.optionalLong(ctx, "offset", 0, Long.MAX_VALUE);
    Long limitParam = QueryParams.optionalLong(ctx, "limit", 1, MAX_LIMIT);
    long offset = offsetParam == null ? 0 : offsetParam;
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam.intValue();
    Map<String, Object> body =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              // Both in one read, so total and the page agree while the run goes on printing.
              long total = s.logs().count(run.pk());
              List<LogLine> page =
                  offset >= total ? List.of() : s.logs().page(run.pk(), offset, limit);
              List<Map<String, Object>> lines = new ArrayList<>(page.size());
              for (LogLine l : page) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", l.line());
                m.put("stream", l.stream());
                m.put("time", IsoTime.format(l.atMillis()));
                m.put("text", l.text());
                lines.add(m);
              }
              long next = offset + page.size();
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("lines", lines);
              out.put("total", total);
              out.put("nextOffset", !page.isEmpty() && next < total ? next : null);
              return out;
            });
    ApiJson.send(ctx, body);
  }
}
