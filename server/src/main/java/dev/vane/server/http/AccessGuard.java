package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.AccessLevel;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.Stores;
import dev.vane.server.store.User;
import io.javalin.http.Context;

/**
 * The checks every route makes, in the order the API promises: a valid key ({@code 401}), valid
 * names in the URL ({@code 400}), the route's {@link Access} rule ({@code 403}), then existence
 * ({@code 404}, in the handler).
 */
final class AccessGuard {
  private static final String USER = "vane.user";

  private final Authenticator authenticator;

  AccessGuard(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** Enforces the route's rule; remembers the caller for the handler. */
  void check(Context ctx, Access access) {
    switch (access) {
      case PUBLIC:
      case PAGE:
        return;
      case SIGNED_IN:
      case WRITE_NAMED_IN_BODY:
        user(ctx);
        return;
      case SERVER_ADMIN:
        if (!user(ctx).admin()) {
          throw ApiException.of(ErrorCode.FORBIDDEN, "only a server admin may do this");
        }
        return;
      default:
        User user = user(ctx);
        String entity = NameRules.requireName("entity", ctx.pathParam("entity"));
        String project =
            ctx.pathParamMap().containsKey("project")
                ? NameRules.requireName("project", ctx.pathParam("project"))
                : null;
        AccessLevel level = authenticator.level(user, entity, project);
        if (!level.includes(access.level())) {
          throw ApiException.of(
              ErrorCode.FORBIDDEN,
              "user \""
                  + user.name()
                  + "\" may not "
                  + verb(access.level())
                  + " "
                  + (project == null ? "entity \"" + entity : "project \"" + entity + "/" + project)
                  + "\"");
        }
    }
  }

  private static String verb(AccessLevel level) {
    switch (level) {
      case READ:
        return "read";
      case WRITE:
        return "write to";
      default:
        return "administer";
    }
  }

  /** The caller: the request's API key, else its UI session. */
  User user(Context ctx) {
    User known = ctx.attribute(USER);
    if (known != null) {
      return known;
    }
    String authorization = ctx.header("Authorization");
    User user =
        authenticator.authenticate(authorization, ctx.cookie(Authenticator.SESSION_COOKIE));
    boolean bySession = authorization == null || authorization.isBlank();
    String method = ctx.method().name();
    if (bySession && !method.equals("GET") && !method.equals("HEAD")
        && !"vane".equals(ctx.header("X-Requested-With"))) {
      // A change through the UI's cookie needs a header no cross-site form can send (CSRF).
      throw ApiException.of(
          ErrorCode.FORBIDDEN, "changes through a UI session need the header X-Requested-With: vane");
    }
    ctx.attribute(USER, user);
    return user;
  }

  /** The URL's {@code {entity}} (access was checked by the route's rule). */
  String entity(Context ctx) {
    return NameRules.requireName("entity", ctx.pathParam("entity"));
  }

  /** The URL's {@code {project}} (access was checked by the route's rule). */
  String project(Context ctx) {
    return NameRules.requireName("project", ctx.pathParam("project"));
  }

  /** The URL's run (access was checked by the route's rule). */
  RunPath runPath(Context ctx) {
    String entity = entity(ctx);
    String project = project(ctx);
    String id = NameRules.requireRunId(ctx.pathParam("id"));
    return new RunPath(entity, project, id);
  }

  /** The project, or {@code not_found}. */
  static Project project(Stores s, String entity, String project) {
    return s.projects()
        .find(entity, project)
        .orElseThrow(() -> ApiException.notFound("project " + entity + "/" + project));
  }

  /** The run, or {@code not_found}. */
  static Run run(Stores s, RunPath path) {
    Project p = project(s, path.entity(), path.project());
    return s.runs().find(p.id(), path.id()).orElseThrow(() -> ApiException.notFound("run " + path));
  }

  /**
   * The run, locked until the write transaction ends (see {@link
   * dev.vane.server.store.RunStore#findForUpdate}), or {@code not_found}.
   */
  static Run runForUpdate(Stores s, RunPath path) {
    Project p = project(s, path.entity(), path.project());
    return s.runs()
        .findForUpdate(p.id(), path.id())
        .orElseThrow(() -> ApiException.notFound("run " + path));
  }
}
