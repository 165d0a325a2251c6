package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.Stores;
import dev.vane.server.store.User;
import io.javalin.http.Context;

/**
 * The checks every authenticated route makes, in the order the API promises: a valid key ({@code
 * 401}), valid names in the URL ({@code 400}), access to the entity ({@code 403}), then existence
 * ({@code 404}).
 */
final class AccessGuard {
  private final Authenticator authenticator;

  AccessGuard(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The user of the request's API key. */
  User user(Context ctx) {
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
    return user;
  }

  /** Authenticates and checks access to the URL's {@code {entity}}. */
  String entity(Context ctx) {
    User user = user(ctx);
    String entity = NameRules.requireName("entity", ctx.pathParam("entity"));
    requireAccess(user, entity);
    return entity;
  }

  /**
   * Authenticates and checks access to the URL's {@code {entity}/{project}}; returns the project
   * name.
   */
  String project(Context ctx) {
    entity(ctx);
    return NameRules.requireName("project", ctx.pathParam("project"));
  }

  /** Authenticates and checks access to the URL's run. */
  RunPath runPath(Context ctx) {
    String entity = entity(ctx);
    String project = NameRules.requireName("project", ctx.pathParam("project"));
    String id = NameRules.requireRunId(ctx.pathParam("id"));
    return new RunPath(entity, project, id);
  }

  /** Throws {@code forbidden} unless the user may touch the entity. */
  static void requireAccess(User user, String entity) {
    if (!user.mayAccess(entity)) {
      throw ApiException.of(
          ErrorCode.FORBIDDEN,
          "user \"" + user.name() + "\" may not access entity \"" + entity + "\"");
    }
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
