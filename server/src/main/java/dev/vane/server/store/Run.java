package dev.vane.server.store;

import java.util.List;
import java.util.Map;

/**
 * A run as stored. Timestamps are epoch milliseconds; nullable ones are {@code null} until set.
 *
 * @param pk the server's internal key of the run
 * @param projectId the project's id
 * @param entity the entity name
 * @param project the project name
 * @param id the run ID, unique in the project
 * @param details the fields people may edit: name, notes, tags, group, job type
 * @param progress what records change: state, config, summary, sequence and times
 * @param writer the token of the writer that created the run
 * @param createdAt when the run started (from its first record) or was created
 * @param stopped whether a stop was requested ({@code POST .../stop}); sticky
 */
public record Run(
    long pk,
    long projectId,
    String entity,
    String project,
    String id,
    RunDetails details,
    RunProgress progress,
    String writer,
    long createdAt,
    boolean stopped) {

  /** Shortcut for {@code details().name()}. */
  public String name() {
    return details.name();
  }

  /**
   * The fields people may edit.
   *
   * @param name display name
   * @param notes free text, or {@code null}
   * @param tags tags
   * @param group the group, or {@code null}
   * @param jobType the job type, or {@code null}
   */
  public record RunDetails(
      String name, String notes, List<String> tags, String group, String jobType) {

    /** Copies the tags. */
    public RunDetails {
      tags = List.copyOf(tags);
    }
  }

  /**
   * The state records change, written back whole after each batch.
   *
   * @param state the lifecycle state
   * @param config the config (values as logged, maps may nest)
   * @param summary the summary
   * @param metrics metric definitions by name (glob names included), each a map of
   *     {@code stepMetric}, {@code summary} (list of aggregates) and {@code hidden}
   * @param lastSeq the highest applied record sequence number
   * @param historyLength history rows stored
   * @param exitCode the exit code, or {@code null} while running
   * @param exitError the error that ended the run, or {@code null}
   * @param updatedAt epoch millis of the last change
   * @param heartbeatAt epoch millis of the last request of the writer, or {@code null}
   * @param finishedAt epoch millis of the end, or {@code null}
   */
  public record RunProgress(
      RunState state,
      Map<String, Object> config,
      Map<String, Object> summary,
      Map<String, Object> metrics,
      long lastSeq,
      long historyLength,
      Integer exitCode,
      String exitError,
      long updatedAt,
      Long heartbeatAt,
      Long finishedAt) {}
}
