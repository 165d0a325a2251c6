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
 * @param origin where the run's history branches from and its live time before this writer
 * @param metadata the latest metadata record's fields, or {@code null} before the first
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
    boolean stopped,
    Origin origin,
    Map<String, Object> metadata) {

  /** When the current writer's live stretch began: its resume, else the run's start. */
  public long segmentStart() {
    return origin.segmentStartedAt() != null ? origin.segmentStartedAt() : createdAt;
  }

  /**
   * The run's live time in milliseconds, without the gaps between writers, when the current
   * writer's stretch ends at {@code segmentEnd}.
   */
  public long liveMillis(long segmentEnd) {
    return origin.liveMillisBefore() + Math.max(0, segmentEnd - segmentStart());
  }

  /** The last sign of the current writer: its last heartbeat, else the last change. */
  public long lastSign() {
    return progress.heartbeatAt() != null ? progress.heartbeatAt() : progress.updatedAt();
  }

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

  /**
   * Where a run's history comes from, and how long it was live before its current writer.
   *
   * @param forkSourcePk the run whose history up to {@code forkStep} this run shares (a fork, or
   *     the archived original of a rewind), or {@code null}
   * @param forkSourceId that run's ID, or {@code null}
   * @param forkStep the last shared step, or {@code null}
   * @param archived whether this run is the archived original of a rewind
   * @param liveMillisBefore the live time of earlier writers (a run resumed after a crash or an
   *     end), without the gaps between them
   * @param segmentStartedAt when the current writer began, or {@code null} for the run's start
   */
  public record Origin(
      Long forkSourcePk,
      String forkSourceId,
      Long forkStep,
      boolean archived,
      long liveMillisBefore,
      Long segmentStartedAt) {

    /** A run that neither branches nor was resumed. */
    public static final Origin NONE = new Origin(null, null, null, false, 0, null);
  }
}
