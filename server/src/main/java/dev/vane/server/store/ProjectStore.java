package dev.vane.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Projects and their run counters. */
public interface ProjectStore {

  /**
   * The project of that entity and name. Every API request and ingest batch looks its project up,
   * so this reads the project row alone (run counts come from {@link #runCounts}).
   */
  Optional<Project> find(String entity, String name);

  /**
   * The project, created when missing (its entity must exist) with the entity's default
   * visibility: private for a user's own entity, team for a team.
   */
  default Project ensure(Entity entity, String name, long now) {
    return ensure(entity, name, entity.team() ? Visibility.TEAM : Visibility.PRIVATE, null, now);
  }

  /**
   * The project, created when missing with that visibility and creator (a user id, or {@code
   * null}); an existing project is returned unchanged.
   */
  Project ensure(Entity entity, String name, Visibility visibility, Long createdBy, long now);

  /** Changes who may see the project. */
  void setVisibility(long projectId, Visibility visibility);

  /** The entity's projects, by name. */
  List<Project> list(long entityId);

  /** The number of runs (deleted runs not counted) in each of the entity's projects, by id. */
  Map<Long, Long> runCounts(long entityId);

  /**
   * Locks the project until the transaction ends, so that run creation in the project is serialized
   * across processes: after the lock, a run that is not found stays absent until the commit.
   */
  void lockForUpdate(long projectId);

  /** Increments the project's run counter and returns the new value (1 for the first run). */
  long nextRunNumber(long projectId);
}
