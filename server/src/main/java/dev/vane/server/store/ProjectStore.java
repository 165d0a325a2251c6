package dev.vane.server.store;

import java.util.List;
import java.util.Optional;

/** Projects and their run counters. */
public interface ProjectStore {

  /** The project of that entity and name. */
  Optional<Project> find(String entity, String name);

  /** The project, created when missing (its entity must exist). */
  Project ensure(Entity entity, String name, long now);

  /** The entity's projects, by name. */
  List<Project> list(long entityId);

  /** Increments the project's run counter and returns the new value (1 for the first run). */
  long nextRunNumber(long projectId);
}
