package dev.vane.server.store;

import java.util.Map;

/**
 * What a new run starts with.
 *
 * @param projectId the project
 * @param id the run ID
 * @param details name, notes, tags, group, job type
 * @param config the initial config
 * @param writer the creating writer's token
 * @param createdAt epoch millis of the start
 * @param now epoch millis of creation on the server: the first {@code updatedAt} and {@code
 *     heartbeatAt}
 */
public record NewRun(
    long projectId,
    String id,
    Run.RunDetails details,
    Map<String, Object> config,
    String writer,
    long createdAt,
    long now) {}
