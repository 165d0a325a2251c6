package dev.vane.server.http;

import dev.vane.server.auth.AccessLevel;
import io.javalin.router.EndpointMetadata;

/**
 * The rule of a route: who may call it. Every route is registered through {@link RouteTable} with
 * one, carried as the endpoint's metadata (so a test can read the whole table) and checked by
 * {@link AccessGuard#check} before the route's handler runs.
 */
enum Access implements EndpointMetadata {
  /** Anyone, without a key: health, the login page, the UI's static code. */
  PUBLIC(null),
  /** A UI page: its shell holds no data; without a session it redirects to the login page. */
  PAGE(null),
  /** Any valid key or session: the caller's own account (keys, teams they make). */
  SIGNED_IN(null),
  /** Read access to the URL's {@code {entity}}, or its {@code {project}} when the path has one. */
  READ(AccessLevel.READ),
  /** Write access to the URL's entity or project. */
  WRITE(AccessLevel.WRITE),
  /** Write access to the entity and project named in the JSON body; the handler checks it. */
  WRITE_NAMED_IN_BODY(null),
  /** Admin access to the URL's entity or project (team members, project settings). */
  ADMIN(AccessLevel.ADMIN),
  /** Server admins only (creating users). */
  SERVER_ADMIN(null);

  private final AccessLevel level;

  Access(AccessLevel level) {
    this.level = level;
  }

  /** The level needed on the URL's entity or project, or {@code null} when none is checked. */
  AccessLevel level() {
    return level;
  }
}
