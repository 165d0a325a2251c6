package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.AccessLevel;
import dev.vane.server.auth.Permissions;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.Project;
import dev.vane.server.store.Role;
import dev.vane.server.store.Stores;
import dev.vane.server.store.User;
import dev.vane.server.store.Visibility;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Projects: {@code GET /api/v1/projects/{entity}} lists the entity's projects the caller may read,
 * {@code POST} makes one ahead of its first run (to choose its visibility), {@code GET} and {@code
 * PATCH .../{project}} read it and change its visibility (project admins).
 */
final class ProjectRoutes implements RouteGroup {
  private static final String PROJECT = "/api/v1/projects/{entity}/{project}";

  private final Database database;
  private final Authenticator authenticator;
  private final AccessGuard guard;

  /** Reads projects from the database. */
  ProjectRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.authenticator = authenticator;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/projects/{entity}", Access.READ, this::list);
    routes.post("/api/v1/projects/{entity}", Access.WRITE, this::create);
    routes.get(PROJECT, Access.READ, this::get);
    routes.patch(PROJECT, Access.ADMIN, this::patch);
  }

  private void list(Context ctx) {
    User user = guard.user(ctx);
    String entity = guard.entity(ctx);
    List<Map<String, Object>> projects =
        database.read(
            s -> {
              Entity e =
                  s.entities()
                      .byName(entity)
                      .orElseThrow(() -> ApiException.notFound("entity " + entity));
              Optional<Role> role = Permissions.roleIn(s, user, e);
              List<Map<String, Object>> visible = new java.util.ArrayList<>();
              Map<Long, Long> runCounts = s.projects().runCounts(e.id());
              for (Project p : s.projects().list(e.id())) {
                AccessLevel level = Permissions.of(user, e, role, p);
                if (level.includes(AccessLevel.READ)) {
                  visible.add(view(p, runCounts.getOrDefault(p.id(), 0L), level));
                }
              }
              return visible;
            });
    ApiJson.send(ctx, Map.of("projects", projects));
  }

  private void create(Context ctx) {
    User user = guard.user(ctx);
    String entity = guard.entity(ctx);
    BodyFields body = BodyFields.of(RequestBody.json(ctx), Set.of("name", "visibility"));
    String name = NameRules.requireName("name", body.requiredText("name"));
    String code = body.optionalText("visibility");
    long now = System.currentTimeMillis();
    Project created =
        database.write(
            s -> {
              Entity e =
                  s.entities()
                      .byName(entity)
                      .orElseThrow(() -> ApiException.notFound("entity " + entity));
              if (s.projects().find(entity, name).isPresent()) {
                throw ApiException.of(
                    ErrorCode.NAME_TAKEN, "project " + entity + "/" + name + " exists already");
              }
              Visibility v =
                  code == null
                      ? (e.team() ? Visibility.TEAM : Visibility.PRIVATE)
                      : visibility(code);
              return s.projects().ensure(e, name, v, user.id(), now);
            });
    ApiJson.send(ctx, 201, view(created, 0, authenticator.level(user, entity, name)));
  }

  private void get(Context ctx) {
    User user = guard.user(ctx);
    String entity = guard.entity(ctx);
    String project = guard.project(ctx);
    Map.Entry<Project, Long> p =
        database.read(
            s -> {
              Project found = AccessGuard.project(s, entity, project);
              return Map.entry(found, runCount(s, found));
            });
    ApiJson.send(ctx, view(p.getKey(), p.getValue(), authenticator.level(user, entity, project)));
  }

  private void patch(Context ctx) {
    String entity = guard.entity(ctx);
    String project = guard.project(ctx);
    BodyFields body = BodyFields.of(RequestBody.json(ctx), Set.of("visibility"));
    Visibility v = visibility(body.requiredText("visibility"));
    Map.Entry<Project, Long> changed =
        database.write(
            s -> {
              Project p = AccessGuard.project(s, entity, project);
              s.projects().setVisibility(p.id(), v);
              Project now = AccessGuard.project(s, entity, project);
              return Map.entry(now, runCount(s, now));
            });
    AccessLevel level = authenticator.level(guard.user(ctx), entity, project);
    ApiJson.send(ctx, view(changed.getKey(), changed.getValue(), level));
  }

  private static Visibility visibility(String code) {
    return Visibility.of(code)
        .orElseThrow(
            () ->
                ApiException.of(
                    ErrorCode.INVALID_ARGUMENT,
                    "visibility must be one of "
                        + String.join(
                            ", ", Arrays.stream(Visibility.values()).map(Visibility::code).toList())
                        + ", not \""
                        + code
                        + "\""));
  }

  /** The project's runs, deleted ones not counted. */
  private static long runCount(Stores s, Project p) {
    return s.entities()
        .byName(p.entity())
        .map(e -> s.projects().runCounts(e.id()).getOrDefault(p.id(), 0L))
        .orElse(0L);
  }

  /** The project as the caller sees it, with what the caller may do there ({@code access}). */
  private static Map<String, Object> view(Project p, long runCount, AccessLevel access) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entity", p.entity());
    m.put("name", p.name());
    m.put("visibility", p.visibility().code());
    m.put("runCount", runCount);
    m.put("createdAt", IsoTime.format(p.createdAt()));
    m.put("access", access.name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }
}
