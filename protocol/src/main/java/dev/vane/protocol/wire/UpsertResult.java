package dev.vane.protocol.wire;

/**
 * The server's answer to {@code POST /api/v1/runs}.
 *
 * @param entity the run's entity (the API key's user when none was asked for)
 * @param project the project
 * @param id the run ID
 * @param name the run's display name (generated when none was given)
 * @param lastSeq the highest record sequence number the server has applied; the writer sends from
 *     the next one
 * @param created whether this call created the run
 */
public record UpsertResult(
    String entity, String project, String id, String name, long lastSeq, boolean created) {}
