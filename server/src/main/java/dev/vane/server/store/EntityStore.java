package dev.vane.server.store;

import java.util.Optional;

/** Entities: the owners of projects. */
public interface EntityStore {

  /** The entity of that name. */
  Optional<Entity> byName(String name);

  /** The entity of that name, created when missing. */
  Entity ensure(String name, long now);
}
