package dev.vane.server.store.jdbi;

import dev.vane.server.store.NewRun;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFilter;
import dev.vane.server.store.RunPage;
import dev.vane.server.store.RunQuery;
import dev.vane.server.store.RunQueryException;
import dev.vane.server.store.RunState;
import dev.vane.server.store.RunStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/** Runs and deleted run IDs. */
final class JdbiRunStore implements RunStore {
  private static final String COLUMNS =
      "SELECT r.*, p.name AS project_name, e.name AS entity_name, src.run_id AS fork_source_id";
  private static final String FROM =
      " FROM runs r JOIN projects p ON p.id = r.project_id"
          + " JOIN entities e ON e.id = p.entity_id LEFT JOIN runs src ON src.id = r.fork_source_pk";
  private static final String SELECT = COLUMNS + FROM;

  private static final RowMapper<Run> RUN =
      (rs, ctx) ->
          new Run(
              rs.getLong("id"),
              rs.getLong("project_id"),
              rs.getString("entity_name"),
              rs.getString("project_name"),
              rs.getString("run_id"),
              new Run.RunDetails(
                  rs.getString("name"),
                  rs.getString("notes"),
                  JsonText.readStrings(rs.getString("tags_json")),
                  rs.getString("group_name"),
                  rs.getString("job_type")),
              new Run.RunProgress(
                  RunState.ofWireName(rs.getString("state")),
                  JsonText.readMap(rs.getString("config_json")),
                  JsonText.readMap(rs.getString("summary_json")),
                  JsonText.readMap(rs.getString("metrics_json")),
                  rs.getLong("last_seq"),
                  rs.getLong("history_length"),
                  JsonText.nullableInt(rs, "exit_code"),
                  rs.getString("exit_error"),
                  rs.getLong("updated_at"),
                  JsonText.nullableLong(rs, "heartbeat_at"),
                  JsonText.nullableLong(rs, "finished_at")),
              rs.getString("writer"),
              rs.getLong("created_at"),
              rs.getBoolean("stopped"),
              new Run.Origin(
                  JsonText.nullableLong(rs, "fork_source_pk"),
                  rs.getString("fork_source_id"),
                  JsonText.nullableLong(rs, "fork_step"),
                  rs.getBoolean("archived"),
                  rs.getLong("live_millis_before"),
                  JsonText.nullableLong(rs, "segment_started_at")),
              rs.getString("metadata_json") == null
                  ? null
                  : JsonText.readMap(rs.getString("metadata_json")));

  /** The advisory lock key of the crash sweep (any constant; "vanecrsh" in ASCII). */
  private static final long CRASH_SWEEP_LOCK = 0x76616e6563727368L;

  /** PostgreSQL's SQLSTATE for a regular expression it cannot compile. */
  private static final String INVALID_REGEX = "2201B";

  private final Handle handle;
  private final SqlDialect dialect;

  JdbiRunStore(Handle handle, SqlDialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public Optional<Run> find(long projectId, String id) {
    return handle
        .createQuery(SELECT + " WHERE r.project_id = :project AND r.run_id = :id")
        .bind("project", projectId)
        .bind("id", id)
        .map(RUN)
        .findOne();
  }

  @Override
  public Optional<Run> findForUpdate(long projectId, String id) {
    return handle
        .createQuery(
            SELECT + " WHERE r.project_id = :project AND r.run_id = :id" + dialect.forUpdateOf("r"))
        .bind("project", projectId)
        .bind("id", id)
        .map(RUN)
        .findOne();
  }

  @Override
  public Run create(NewRun run) {
    long pk = IdSequence.next(handle, "runs");
    Run.RunDetails d = run.details();
    handle
        .createUpdate(
            "INSERT INTO runs (id, project_id, run_id, name, state, config_json, summary_json,"
                + " tags_json, notes, group_name, job_type, writer, last_seq, history_length,"
                + " created_at, updated_at, heartbeat_at)"
                + " VALUES (:pk, :project, :id, :name, :state, :config, '{}', :tags, :notes,"
                + " :group, :jobType, :writer, 0, 0, :createdAt, :now, :now)")
        .bind("pk", pk)
        .bind("project", run.projectId())
        .bind("id", run.id())
        .bind("name", d.name())
        .bind("state", RunState.RUNNING.wireName())
        .bind("config", JsonText.write(run.config()))
        .bind("tags", JsonText.write(d.tags()))
        .bind("notes", d.notes())
        .bind("group", d.group())
        .bind("jobType", d.jobType())
        .bind("writer", run.writer())
        .bind("createdAt", run.createdAt())
        .bind("now", run.now())
        .execute();
    return find(run.projectId(), run.id()).orElseThrow();
  }

  @Override
  public void updateProgress(long pk, Run.RunProgress p) {
    handle
        .createUpdate(
            "UPDATE runs SET state = :state, config_json = :config, summary_json = :summary,"
                + " metrics_json = :metrics, last_seq = :lastSeq, history_length = :historyLength, exit_code = :exitCode,"
                + " exit_error = :exitError, updated_at = :updatedAt, heartbeat_at = :heartbeatAt,"
                + " finished_at = :finishedAt WHERE id = :pk")
        .bind("state", p.state().wireName())
        .bind("config", JsonText.write(p.config()))
        .bind("summary", JsonText.write(p.summary()))
        .bind("metrics", JsonText.write(p.metrics()))
        .bind("lastSeq", p.lastSeq())
        .bind("historyLength", p.historyLength())
        .bind("exitCode", p.exitCode())
        .bind("exitError", p.exitError())
        .bind("updatedAt", p.updatedAt())
        .bind("heartbeatAt", p.heartbeatAt())
        .bind("finishedAt", p.finishedAt())
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void updateMetadata(long pk, Map<String, Object> metadata) {
    handle
        .createUpdate("UPDATE runs SET metadata_json = :metadata WHERE id = :pk")
        .bind("metadata", JsonText.write(metadata))
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void setHeartbeat(long pk, long heartbeatAt) {
    handle
        .createUpdate("UPDATE runs SET heartbeat_at = :at WHERE id = :pk")
        .bind("at", heartbeatAt)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void markStopped(long pk, long updatedAt) {
    handle
        .createUpdate("UPDATE runs SET stopped = :stopped, updated_at = :updatedAt WHERE id = :pk")
        .bind("stopped", true)
        .bind("updatedAt", updatedAt)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void takeOver(long pk, String writer, Run.RunDetails d, Map<String, Object> config,
      long liveMillisBefore, long now) {
    updateDetails(pk, d, now);
    handle
        .createUpdate(
            "UPDATE runs SET writer = :writer, config_json = :config, state = :running,"
                + " last_seq = 0, exit_code = NULL, exit_error = NULL, finished_at = NULL,"
                + " stopped = :stopped, heartbeat_at = :now, updated_at = :now,"
                + " live_millis_before = :before, segment_started_at = :now WHERE id = :pk")
        .bind("writer", writer)
        .bind("config", JsonText.write(config))
        .bind("running", RunState.RUNNING.wireName())
        .bind("stopped", false)
        .bind("now", now)
        .bind("before", liveMillisBefore)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void archive(long pk, String archivedId, long now) {
    handle
        .createUpdate(
            "UPDATE runs SET run_id = :id, archived = :archived, updated_at = :now WHERE id = :pk")
        .bind("id", archivedId)
        .bind("archived", true)
        .bind("now", now)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public void setOrigin(long pk, long forkSourcePk, long forkStep, long liveMillisBefore,
      Long segmentStartedAt) {
    handle
        .createUpdate(
            "UPDATE runs SET fork_source_pk = :source, fork_step = :step,"
                + " live_millis_before = :before, segment_started_at = :segment WHERE id = :pk")
        .bind("source", forkSourcePk)
        .bind("step", forkStep)
        .bind("before", liveMillisBefore)
        .bind("segment", segmentStartedAt)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public List<String> branchesOf(long pk) {
    return handle
        .createQuery("SELECT run_id FROM runs WHERE fork_source_pk = :pk ORDER BY id")
        .bind("pk", pk)
        .mapTo(String.class)
        .list();
  }

  @Override
  public boolean tryLockCrashSweep() {
    String sql = dialect.tryAdvisoryXactLock();
    if (sql == null) {
      return true;
    }
    return handle.createQuery(sql).bind("key", CRASH_SWEEP_LOCK).mapTo(Boolean.class).one();
  }

  @Override
  public int markCrashed(long heartbeatBefore, long updatedAt) {
    // One statement: on PostgreSQL a run locked by an ingest is re-checked after it commits, so a
    // run that spoke meanwhile stays running.
    return handle
        .createUpdate(
            "UPDATE runs SET state = :crashed, updated_at = :updatedAt"
                + " WHERE state = :running AND heartbeat_at < :before")
        .bind("crashed", RunState.CRASHED.wireName())
        .bind("running", RunState.RUNNING.wireName())
        .bind("updatedAt", updatedAt)
        .bind("before", heartbeatBefore)
        .execute();
  }

  @Override
  public void updateDetails(long pk, Run.RunDetails d, long updatedAt) {
    handle
        .createUpdate(
            "UPDATE runs SET name = :name, notes = :notes, tags_json = :tags, group_name = :group,"
                + " job_type = :jobType, updated_at = :updatedAt WHERE id = :pk")
        .bind("name", d.name())
        .bind("notes", d.notes())
        .bind("tags", JsonText.write(d.tags()))
        .bind("group", d.group())
        .bind("jobType", d.jobType())
        .bind("updatedAt", updatedAt)
        .bind("pk", pk)
        .execute();
  }

  @Override
  public RunPage list(long projectId, RunFilter filter, RunQuery query, RunPage.Position after,
      int limit, long now) {
    RunQuerySql sql = new RunQuerySql(dialect, now);
    // Archived originals of rewound runs are reached from their rewound run, not listed.
    StringBuilder where =
        new StringBuilder(" WHERE r.project_id = :project AND r.archived = :archived");
    if (filter.group() != null) {
      where.append(" AND r.group_name = :group");
    }
    if (filter.jobType() != null) {
      where.append(" AND r.job_type = :jobType");
    }
    if (filter.state() != null) {
      where.append(" AND r.state = :state");
    }
    if (query.filter() != null) {
      where.append(" AND ").append(sql.where(query.filter()));
    }
    List<RunQuerySql.Term> terms = sql.terms(query.order());
    if (after != null) {
      where.append(" AND (").append(sql.after(terms, after.keys())).append(')');
    }
    StringBuilder columns = new StringBuilder(COLUMNS);
    for (int i = 0; i < terms.size(); i++) {
      columns.append(", ").append(terms.get(i).sql()).append(" AS k").append(i);
    }
    if (sql.usesRegex()) {
      dialect.prepareRegex(handle);
    }
    // One extra row tells whether another page follows.
    Query q =
        handle
            .createQuery(
                columns + FROM + where + " ORDER BY " + RunQuerySql.orderBy(terms)
                    + " LIMIT :limit")
            .bind("project", projectId)
            .bind("archived", false)
            .bind("limit", limit + 1)
            .bindMap(sql.params());
    if (filter.group() != null) {
      q.bind("group", filter.group());
    }
    if (filter.jobType() != null) {
      q.bind("jobType", filter.jobType());
    }
    if (filter.state() != null) {
      q.bind("state", filter.state().wireName());
    }
    List<Keyed> rows;
    try {
      rows =
          q.map((rs, ctx) -> new Keyed(RUN.map(rs, ctx), RunQuerySql.keysOf(rs, terms))).list();
    } catch (StatementException e) {
      // Java accepted the pattern but PostgreSQL's regular expressions do not: the client's fault.
      if (e.getCause() instanceof SQLException cause && INVALID_REGEX.equals(cause.getSQLState())) {
        throw new RunQueryException(
            "filter", "PostgreSQL cannot run the regular expression: " + cause.getMessage());
      }
      throw e;
    }
    if (rows.size() <= limit) {
      return new RunPage(rows.stream().map(Keyed::run).toList(), null);
    }
    List<Keyed> page = rows.subList(0, limit);
    return new RunPage(
        page.stream().map(Keyed::run).toList(),
        new RunPage.Position(now, page.get(limit - 1).keys()));
  }

  /** A listed run with its sort values. */
  private record Keyed(Run run, List<Object> keys) {}

  @Override
  public void delete(Run run, long now) {
    handle
        .createUpdate(
            "INSERT INTO deleted_runs (project_id, run_id, deleted_at) VALUES (:project, :id,"
                + " :now)")
        .bindMap(Map.of("project", run.projectId(), "id", run.id(), "now", now))
        .execute();
    handle.createUpdate("DELETE FROM runs WHERE id = :pk").bind("pk", run.pk()).execute();
  }

  @Override
  public boolean isDeleted(long projectId, String id) {
    return handle
            .createQuery(
                "SELECT COUNT(*) FROM deleted_runs WHERE project_id = :project AND run_id = :id")
            .bind("project", projectId)
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
