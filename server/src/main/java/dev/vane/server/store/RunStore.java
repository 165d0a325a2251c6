package dev.vane.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs, and the IDs of deleted runs, which stay taken. */
public interface RunStore {

  /** The run with that ID in the project. */
  Optional<Run> find(long projectId, String id);

  /**
   * The run with that ID in the project, locked until the transaction ends: inside {@link
   * Database#write}, other transactions (of any process) that lock the same run wait, so the work
   * may read the run's progress and write based on it. Use it before every write to a run.
   */
  Optional<Run> findForUpdate(long projectId, String id);

  /** Creates a run in state {@code running}. */
  Run create(NewRun run);

  /** Writes back a run's progress (state, config, summary, sequence, times). */
  void updateProgress(long pk, Run.RunProgress progress);

  /** Replaces the run's metadata. */
  void updateMetadata(long pk, Map<String, Object> metadata);

  /** Sets the run's last heartbeat (a run created by a replay: its start). */
  void setHeartbeat(long pk, long heartbeatAt);

  /** Sets the run's sticky {@code stopped} flag and {@code updatedAt}. */
  void markStopped(long pk, long updatedAt);

  /**
   * Hands the run to a new writer (a resume): new details and config, state {@code running},
   * sequence back to 0 for the writer's own log, no exit, not stopped, the live time of the earlier
   * writers kept and a new live segment starting {@code now}.
   */
  void takeOver(long pk, String writer, Run.RunDetails details, Map<String, Object> config,
      long liveMillisBefore, long now);

  /** Renames the run to {@code archivedId} and marks it archived (the original of a rewind). */
  void archive(long pk, String archivedId, long now);

  /** Sets where the run's history branches from, and its earlier live time. */
  void setOrigin(long pk, long forkSourcePk, long forkStep, long liveMillisBefore,
      Long segmentStartedAt);

  /** The IDs of the runs branching from this one (forks, rewinds), oldest first. */
  List<String> branchesOf(long pk);

  /**
   * Takes the crash sweep's lock until the transaction ends, or says that another transaction
   * (of any process) holds it. On PostgreSQL a transaction-scoped advisory lock; on SQLite, where
   * writers are serialized anyway, always {@code true}.
   */
  boolean tryLockCrashSweep();

  /**
   * Marks every {@code running} run whose last heartbeat is before {@code heartbeatBefore} as
   * {@code crashed}; returns how many.
   */
  int markCrashed(long heartbeatBefore, long updatedAt);

  /** Writes back the editable fields and {@code updatedAt}. */
  void updateDetails(long pk, Run.RunDetails details, long updatedAt);

  /**
   * A page of the project's runs, newest first.
   *
   * @param after where the page starts, or {@code null} for the first page
   * @param limit the most runs in the page
   */
  default RunPage list(long projectId, RunPage.Position after, int limit) {
    return list(projectId, RunFilter.ALL, after, limit);
  }

  /**
   * A page of the project's runs that match the filter, newest first. Paging with the same filter
   * goes through every matching run once: {@code after} is a place in the order of all runs.
   *
   * @param filter which runs to list ({@link RunFilter#ALL} for every run)
   * @param after where the page starts, or {@code null} for the first page
   * @param limit the most runs in the page
   */
  default RunPage list(long projectId, RunFilter filter, RunPage.Position after, int limit) {
    long now = after == null ? System.currentTimeMillis() : after.now();
    return list(projectId, filter, RunQuery.DEFAULT, after, limit, now);
  }

  /**
   * A page of the project's runs that match both filters, in the query's order. Paging with the
   * same filters and order goes through every matching run once.
   *
   * @param filter the simple filters ({@link RunFilter#ALL} for none)
   * @param query the JSON filter and the order
   * @param after where the page starts (a {@link RunPage#next()} of the same query), or {@code
   *     null} for the first page
   * @param limit the most runs in the page
   * @param now the time that runtimes and {@code $within} count to: the current time for a first
   *     page, {@code after.now()} for the pages after it
   * @throws RunQueryException for a position that does not fit the order
   */
  RunPage list(long projectId, RunFilter filter, RunQuery query, RunPage.Position after, int limit,
      long now);

  /** Deletes the run row and records its ID as deleted (history and files are deleted apart). */
  void delete(Run run, long now);

  /** Whether the ID belonged to a deleted run of the project. */
  boolean isDeleted(long projectId, String id);
}
