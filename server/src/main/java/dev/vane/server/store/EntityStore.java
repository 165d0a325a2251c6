package dev.vane.server.store;

import java.util.Optional;

/** Entities: the owners of projects, users' own and teams. */
public interface EntityStore {

  /** The entity of that name. */
  Optional<Entity> byName(String name);

  /**
   * The entity of that name, created as a team without members when missing (a server admin
   * logging to a new name).
   */
  Entity ensure(String name, long now);

  /** Creates an entity; empty when the name is taken (by a user or a team). */
  Optional<Entity> create(String name, boolean team, long now);
}
