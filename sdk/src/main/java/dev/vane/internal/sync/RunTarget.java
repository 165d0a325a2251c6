package dev.vane.internal.sync;

import dev.vane.protocol.wire.UpsertResult;

/**
 * A run on the server, as the server named it.
 *
 * @param entity the entity
 * @param project the project
 * @param id the run ID
 */
public record RunTarget(String entity, String project, String id) {

  /** The run an upsert answered about. */
  public static RunTarget of(UpsertResult r) {
    return new RunTarget(r.entity(), r.project(), r.id());
  }

  /** {@code entity/project/id}. */
  public String path() {
    return entity + "/" + project + "/" + id;
  }
}
