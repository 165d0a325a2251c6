package dev.vane.server.auth;

import dev.vane.server.store.Entity;
import dev.vane.server.store.Project;
import dev.vane.server.store.Role;
import dev.vane.server.store.Stores;
import dev.vane.server.store.User;
import dev.vane.server.store.Visibility;
import java.util.Optional;

/**
 * Who may do what: the one place that turns a user, an entity and a project into an {@link
 * AccessLevel}.
 *
 * <ul>
 *   <li>A server admin: {@code ADMIN} everywhere.
 *   <li>A user's own entity: its user {@code ADMIN}; anyone else only reads its public projects.
 *   <li>A team: its admins {@code ADMIN}, members {@code WRITE}, viewers {@code READ}; a private
 *       project only for the team's admins and the project's creator (who administers it while a
 *       member); a public project readable by every signed-in user.
 * </ul>
 */
public final class Permissions {
  private Permissions() {}

  /**
   * The user's level on the entity, or on one of its projects when {@code project} is not {@code
   * null}. A project that does not exist yet counts as the entity (creating one needs {@code WRITE}
   * on the entity); an entity that does not exist is {@code NONE} except for server admins.
   */
  public static AccessLevel of(Stores s, User user, String entity, String project) {
    if (administersAll(user, entity)) {
      return AccessLevel.ADMIN;
    }
    Optional<Entity> owner = s.entities().byName(entity);
    if (owner.isEmpty()) {
      return AccessLevel.NONE;
    }
    Entity e = owner.get();
    Optional<Role> role = roleIn(s, user, e);
    Optional<Project> found =
        project == null ? Optional.empty() : s.projects().find(entity, project);
    return found.isEmpty() ? entityLevel(e, user, role) : of(user, e, role, found.get());
  }

  /**
   * Whether the user administers everything of the entity without a query: a server admin
   * anywhere, a user in their own entity (a user's name is never a team's).
   */
  public static boolean administersAll(User user, String entity) {
    return user.admin() || user.name().equals(entity);
  }

  /** The user's role in the entity, when it is a team they belong to. */
  public static Optional<Role> roleIn(Stores s, User user, Entity e) {
    return e.team() ? s.teams().role(e.id(), user.id()) : Optional.empty();
  }

  /**
   * The user's level on a project of {@code e}, given their {@link #roleIn role} there: no query,
   * for checking many projects of one entity.
   */
  public static AccessLevel of(User user, Entity e, Optional<Role> role, Project p) {
    if (administersAll(user, e.name())) {
      return AccessLevel.ADMIN;
    }
    return projectLevel(p, user, role, entityLevel(e, user, role));
  }

  private static AccessLevel entityLevel(Entity e, User user, Optional<Role> role) {
    if (!e.team()) {
      return AccessLevel.NONE; // another user's own entity (its owner never gets here)
    }
    return role.map(Permissions::level).orElse(AccessLevel.NONE);
  }

  private static AccessLevel projectLevel(
      Project p, User user, Optional<Role> role, AccessLevel base) {
    AccessLevel level = base;
    boolean creator = p.createdBy() != null && p.createdBy() == user.id();
    if (role.isPresent() && creator && role.get() != Role.VIEWER) {
      level = AccessLevel.ADMIN; // a member administers the projects they made
    } else if (p.visibility() == Visibility.PRIVATE && role.isPresent()
        && role.get() != Role.ADMIN) {
      level = AccessLevel.NONE;
    }
    if (p.visibility() == Visibility.PUBLIC && !level.includes(AccessLevel.READ)) {
      level = AccessLevel.READ;
    }
    return level;
  }

  private static AccessLevel level(Role role) {
    switch (role) {
      case ADMIN:
        return AccessLevel.ADMIN;
      case MEMBER:
        return AccessLevel.WRITE;
      default:
        return AccessLevel.READ;
    }
  }
}
