package dev.vane.internal.sync;

import dev.vane.protocol.wire.UpsertResult;

/**
 * A run on the server, as the server named it.
 *
 * @param entity the entity
 * @param project the project
 * @param id the run ID
 * @param writer this writer's token, sent with its batches so that the server refuses them once
 *     another writer has taken the run over (a resume), or {@code null}
 */
public record RunTarget(String entity, String project, String id, String writer) {

  /** The run an upsert answered about, written by {@code writer}. */
  public static RunTarget of(UpsertResult r, String writer) {
    return new RunTarget(r.entity(), r.project(), r.id(), writer);
  }

  /** {@code entity/project/id}. */
  public String path() {
    return entity + "/" + project + "/" + id;
  }
}
