package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.Role;
import dev.vane.server.store.Stores;
import dev.vane.server.store.TeamMember;
import dev.vane.server.store.User;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Teams: entities whose members have roles. {@code POST /api/v1/teams} makes one with the caller
 * as its admin; {@code GET /api/v1/teams/{entity}} lists its members (any member); {@code PUT} and
 * {@code DELETE .../members/{user}} give, change and take roles (team admins). A team always keeps
 * at least one admin.
 */
final class TeamRoutes implements RouteGroup {
  private static final String TEAM = "/api/v1/teams/{entity}";

  private final Database database;
  private final AccessGuard guard;

  TeamRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.post("/api/v1/teams", Access.SIGNED_IN, this::create);
    routes.get(TEAM, Access.READ, this::show);
    routes.put(TEAM + "/members/{user}", Access.ADMIN, this::putMember);
    routes.delete(TEAM + "/members/{user}", Access.ADMIN, this::removeMember);
  }

  private void create(Context ctx) {
    User user = guard.user(ctx);
    BodyFields body = BodyFields.of(RequestBody.json(ctx), Set.of("name"));
    String name = NameRules.requireName("name", body.requiredText("name"));
    long now = System.currentTimeMillis();
    Map<String, Object> answer =
        database.write(
            s -> {
              Entity team =
                  s.entities()
                      .create(name, true, now)
                      .orElseThrow(
                          () ->
                              ApiException.of(
                                  ErrorCode.NAME_TAKEN,
                                  "the name \"" + name + "\" is taken by a user or a team"));
              s.teams().put(team.id(), user.id(), Role.ADMIN, now);
              return view(s, team);
            });
    ApiJson.send(ctx, 201, answer);
  }

  private void show(Context ctx) {
    String name = guard.entity(ctx);
    ApiJson.send(ctx, database.read(s -> view(s, team(s, name))));
  }

  private void putMember(Context ctx) {
    String name = guard.entity(ctx);
    String member = NameRules.requireName("user", ctx.pathParam("user"));
    BodyFields body = BodyFields.of(RequestBody.json(ctx), Set.of("role"));
    String code = body.requiredText("role");
    Role role =
        Role.of(code)
            .orElseThrow(
                () ->
                    ApiException.of(
                        ErrorCode.INVALID_ARGUMENT,
                        "role must be one of "
                            + String.join(
                                ", ", Arrays.stream(Role.values()).map(Role::code).toList())
                            + ", not \""
                            + code
                            + "\""));
    long now = System.currentTimeMillis();
    ApiJson.send(
        ctx,
        database.write(
            s -> {
              Entity team = team(s, name);
              s.teams().lockForUpdate(team.id());
              User u = user(s, member);
              if (role != Role.ADMIN) {
                requireAnotherAdmin(s, team, u);
              }
              s.teams().put(team.id(), u.id(), role, now);
              return view(s, team);
            }));
  }

  private void removeMember(Context ctx) {
    String name = guard.entity(ctx);
    String member = NameRules.requireName("user", ctx.pathParam("user"));
    ApiJson.send(
        ctx,
        database.write(
            s -> {
              Entity team = team(s, name);
              s.teams().lockForUpdate(team.id());
              User u = user(s, member);
              if (s.teams().role(team.id(), u.id()).isEmpty()) {
                throw ApiException.notFound("member " + member + " of team " + name);
              }
              requireAnotherAdmin(s, team, u);
              s.teams().remove(team.id(), u.id());
              return view(s, team);
            }));
  }

  /** Refuses a change that takes the admin role from the team's last admin. */
  private static void requireAnotherAdmin(Stores s, Entity team, User losing) {
    List<TeamMember> admins =
        s.teams().members(team.id()).stream().filter(m -> m.role() == Role.ADMIN).toList();
    if (admins.size() == 1 && admins.get(0).user().equals(losing.name())) {
      throw ApiException.of(
          ErrorCode.LAST_ADMIN,
          losing.name() + " is the last admin of team " + team.name() + ": make another admin first");
    }
  }

  private static Entity team(Stores s, String name) {
    return s.entities()
        .byName(name)
        .filter(Entity::team)
        .orElseThrow(() -> ApiException.notFound("team " + name));
  }

  private static User user(Stores s, String name) {
    return s.users().byName(name).orElseThrow(() -> ApiException.notFound("user " + name));
  }

  private static Map<String, Object> view(Stores s, Entity team) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", team.name());
    m.put("createdAt", IsoTime.format(team.createdAt()));
    m.put(
        "members",
        s.teams().members(team.id()).stream()
            .map(
                t -> {
                  Map<String, Object> v = new LinkedHashMap<>();
                  v.put("user", t.user());
                  v.put("role", t.role().code());
                  v.put("since", IsoTime.format(t.since()));
                  return v;
                })
            .toList());
    return m;
  }
}
