package dev.vane.protocol.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param resumed whether this call resumed, forked or rewound an existing run's history: the writer
 *     continues from {@code startStep}, {@code config} and {@code summary}
 * @param startStep the step the writer's first row goes to: 0 for a new run, the last step + 1 for
 *     a resumed one, the branch step + 1 for a fork or rewind
 * @param config the run's config as stored (the writer's merged in), never {@code null}
 * @param summary the run's summary as stored, never {@code null}
 * @param liveSeconds how long the run was live before this writer: where {@code _runtime}
 *     continues
 * @param notes the run's notes as stored, or {@code null}
 * @param tags the run's tags as stored, never {@code null}
 * @param group the run's group as stored, or {@code null}
 * @param jobType the run's job type as stored, or {@code null}
 */
public record UpsertResult(
    String entity,
    String project,
    String id,
    String name,
    long lastSeq,
    boolean created,
    boolean resumed,
    long startStep,
    Map<String, Object> config,
    Map<String, Object> summary,
    double liveSeconds,
    String notes,
    List<String> tags,
    String group,
    String jobType) {

  /** Copies the maps and tags; {@code null} ones become empty. */
  public UpsertResult {
    tags = tags == null ? List.of() : List.copyOf(tags);
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    summary =
        summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
  }

  /** The answer for a run that starts or continues without resuming. */
  public UpsertResult(
      String entity, String project, String id, String name, long lastSeq, boolean created) {
    this(entity, project, id, name, lastSeq, created, false, 0, null, null, 0, null, null, null, null);
  }
}
