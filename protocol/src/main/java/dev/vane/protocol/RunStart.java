package dev.vane.protocol;

import java.util.List;
import java.util.Map;

/**
 * The first record of every run: who it is and how it started.
 *
 * @param id the run ID, unique in its project
 * @param entity the entity (user or team) the run belongs to, or {@code null} for the API key's user
 * @param project the project name
 * @param name the display name, or {@code null} to let the server generate one
 * @param notes a free-text description, or {@code null}
 * @param tags tags, never {@code null}
 * @param group the group, or {@code null}
 * @param jobType the job type, or {@code null}
 * @param config the initial config, flattened values allowed to nest
 * @param startTime Unix seconds (fractional) when the run started
 * @param writer a random token naming this writer of the run; a second writer with another token is
 *     refused
 * @param mode "online" or "offline"
 * @param resume how to treat an existing run with this ID: {@code "must"} (resume it; an error
 *     when there is none), {@code "allow"} (resume it if there is one), {@code "never"} (an error
 *     when there is one), or {@code null} (the default: an error when another writer made it)
 * @param branch the run this one forks from or rewinds, or {@code null}
 */
public record RunStart(
    String id,
    String entity,
    String project,
    String name,
    String notes,
    List<String> tags,
    String group,
    String jobType,
    Map<String, Object> config,
    double startTime,
    String writer,
    String mode,
    String resume,
    RunBranch branch)
    implements RecordPayload {

  /** A run that neither resumes nor branches. */
  public RunStart(
      String id,
      String entity,
      String project,
      String name,
      String notes,
      List<String> tags,
      String group,
      String jobType,
      Map<String, Object> config,
      double startTime,
      String writer,
      String mode) {
    this(id, entity, project, name, notes, tags, group, jobType, config, startTime, writer, mode,
        null, null);
  }

  /** Copies the collections so the record cannot change after creation. */
  public RunStart {
    tags = tags == null ? List.of() : List.copyOf(tags);
    config = config == null ? Map.of() : Maps.copyKeepingNulls(config);
  }

  @Override
  public RecordType type() {
    return RecordType.RUN;
  }
}
