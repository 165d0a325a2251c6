package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/projects/{entity}}: an entity's projects with their run counts. */
final class ProjectRoutes implements RouteGroup {
  private final Database database;
  private final AccessGuard guard;

  /** Reads projects from the database. */
  ProjectRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/projects/{entity}", this::list);
  }

  private void list(Context ctx) {
    String entity = guard.entity(ctx);
    List<Map<String, Object>> projects =
        database.read(
            s -> {
              Entity e =
                  s.entities()
                      .byName(entity)
                      .orElseThrow(() -> ApiException.notFound("entity " + entity));
              return s.projects().list(e.id()).stream().map(ProjectRoutes::view).toList();
            });
    ApiJson.send(ctx, Map.of("projects", projects));
  }

  private static Map<String, Object> view(Project p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("runCount", p.runCount());
    m.put("createdAt", IsoTime.format(p.createdAt()));
    return m;
  }
}
