package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.ApiKeys;
import dev.vane.server.store.ApiKey;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.User;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Users and their API keys: {@code /api/v1/keys} (the caller's own keys: list, create, revoke) and
 * {@code /api/v1/users} (server admins: list and create users). A new key is shown once, in the
 * answer that creates it; the server keeps only its SHA-256 and its first {@value
 * ApiKeys#PREFIX_LENGTH} characters.
 */
final class AccountRoutes implements RouteGroup {
  private final Database database;
  private final Authenticator authenticator;
  private final AccessGuard guard;

  AccountRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.authenticator = authenticator;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/keys", Access.SIGNED_IN, this::listKeys);
    routes.post("/api/v1/keys", Access.SIGNED_IN, this::createKey);
    routes.delete("/api/v1/keys/{keyId}", Access.SIGNED_IN, this::revokeKey);
    routes.get("/api/v1/users", Access.SERVER_ADMIN, this::listUsers);
    routes.post("/api/v1/users", Access.SERVER_ADMIN, this::createUser);
  }

  private void listKeys(Context ctx) {
    User user = guard.user(ctx);
    List<Map<String, Object>> keys =
        database.read(s -> s.users().keys(user.id())).stream().map(AccountRoutes::view).toList();
    ApiJson.send(ctx, Map.of("keys", keys));
  }

  private void createKey(Context ctx) {
    User user = guard.user(ctx);
    String description =
        BodyFields.of(RequestBody.optionalJson(ctx), Set.of("description"))
            .optionalText("description");
    String key = ApiKeys.generate();
    long now = System.currentTimeMillis();
    String prefix = ApiKeys.prefix(key);
    long id =
        database.write(
            s -> s.users().addKey(user.id(), ApiKeys.hash(key), prefix, description, now));
    Map<String, Object> body = view(new ApiKey(id, prefix, description, now));
    body.put("key", key);
    ApiJson.send(ctx, 201, body);
  }

  private void revokeKey(Context ctx) {
    User user = guard.user(ctx);
    long id = keyId(ctx.pathParam("keyId"));
    database.write(
        s -> {
          List<ApiKey> keys = s.users().keys(user.id());
          if (keys.stream().noneMatch(k -> k.id() == id)) {
            throw ApiException.notFound("API key " + id + " of user " + user.name());
          }
          if (keys.size() == 1) {
            throw ApiException.of(
                ErrorCode.LAST_KEY,
                "key " + id + " is your only API key: create another before revoking it");
          }
          s.users().revokeKey(user.id(), id);
          return null;
        });
    authenticator.forgetKeys();
    ApiJson.send(ctx, Map.of("revoked", id));
  }

  private static long keyId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.of(
        ErrorCode.INVALID_ARGUMENT, "a key id is a positive integer, not \"" + text + "\"");
  }

  private void listUsers(Context ctx) {
    List<Map<String, Object>> users =
        database.read(s -> s.users().list()).stream().map(AccountRoutes::view).toList();
    ApiJson.send(ctx, Map.of("users", users));
  }

  private void createUser(Context ctx) {
    BodyFields body = BodyFields.of(RequestBody.json(ctx), Set.of("name", "admin"));
    String name = NameRules.requireName("name", body.requiredText("name"));
    boolean admin = body.flag("admin", false);
    String key = ApiKeys.generate();
    long now = System.currentTimeMillis();
    User user =
        database.write(
            s -> {
              s.users().lockForUpdate();
              if (s.entities().byName(name).isPresent()) {
                throw ApiException.of(
                    ErrorCode.NAME_TAKEN, "the name \"" + name + "\" is taken by a user or a team");
              }
              User u = s.users().create(name, admin, now);
              s.users().addKey(u.id(), ApiKeys.hash(key), ApiKeys.prefix(key), "first key", now);
              return u;
            });
    Map<String, Object> answer = view(user);
    answer.put("key", key);
    ApiJson.send(ctx, 201, answer);
  }

  private static Map<String, Object> view(ApiKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("prefix", k.prefix());
    m.put("description", k.description());
    m.put("createdAt", IsoTime.format(k.createdAt()));
    return m;
  }

  private static Map<String, Object> view(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("admin", u.admin());
    m.put("createdAt", IsoTime.format(u.createdAt()));
    return m;
  }
}
