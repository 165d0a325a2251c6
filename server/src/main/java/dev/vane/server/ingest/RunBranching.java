package dev.vane.server.ingest;

import dev.vane.protocol.RunBranch;
import dev.vane.protocol.RunStart;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.Stores;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Forks and rewinds, inside the upsert's transaction. Neither copies history: the new run records
 * its source and the branch step, and reading its history reads the source's rows up to that step
 * (see {@code HistoryStore}). Config is the source's with the writer's merged in; metric
 * definitions are the source's; the summary is recomputed from the shared rows.
 */
final class RunBranching {
  private static final int MAX_ARCHIVES = 10_000;

  private final Stores s;
  private final Project project;
  private final RunNameGenerator names;
  private final long now;

  RunBranching(Stores s, Project project, RunNameGenerator names, long now) {
    this.s = s;
    this.project = project;
    this.names = names;
    this.now = now;
  }

  /** A new run with the record's ID, branching off the source at the branch step. */
  Run fork(RunStart start) {
    RunBranch b = start.branch();
    Run source =
        s.runs()
            .find(project.id(), b.run())
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "fork source run "
                            + project.entity()
                            + "/"
                            + project.name()
                            + "/"
                            + b.run()));
    long n = s.projects().nextRunNumber(project.id());
    String name = start.name() == null || start.name().isBlank() ? names.name(n) : start.name();
    Run.RunDetails details =
        new Run.RunDetails(name, start.notes(), start.tags(), start.group(), start.jobType());
    return branch(source, start, details, Times.millisOrElse(start.startTime(), now), 0, null);
  }

  /**
   * The run again from the branch step: the original renamed to {@code ID~k} and archived, a new
   * run under the ID with the original's name, notes, tags, group and job type (unless the record
   * gives them anew), start time and live time.
   */
  Run rewind(Run original, RunStart start) {
    String archivedId =
        RunUpsert.archiveIds(original.id(), MAX_ARCHIVES).stream()
            .filter(
                id ->
                    s.runs().find(project.id(), id).isEmpty()
                        && !s.runs().isDeleted(project.id(), id))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.of(
                        ErrorCode.RUN_EXISTS,
                        "run " + original.id() + " was rewound too often to archive it again"));
    s.runs().archive(original.pk(), archivedId, now);
    Run.RunDetails details = RunUpsert.keptUnlessGiven(original.details(), start);
    long end =
        original.progress().finishedAt() != null
            ? original.progress().finishedAt()
            : original.lastSign();
    return branch(original, start, details, original.createdAt(), original.liveMillis(end), now);
  }

  private Run branch(
      Run source,
      RunStart start,
      Run.RunDetails details,
      long createdAt,
      long liveMillisBefore,
      Long segmentStartedAt) {
    long step = start.branch().step();
    Map<String, Object> config = new LinkedHashMap<>(source.progress().config());
    config.putAll(start.config());
    Run run =
        s.runs()
            .create(
                new NewRun(
                    project.id(), start.id(), details, config, start.writer(), createdAt, now));
    s.runs().setOrigin(run.pk(), source.pk(), step, liveMillisBefore, segmentStartedAt);
    Map<String, Object> metrics = source.progress().metrics();
    BranchHistory.Start shared =
        BranchHistory.of(s.history(), source.pk(), step, source.progress().summary(), metrics);
    Run.RunProgress p = run.progress();
    s.runs()
        .updateProgress(
            run.pk(),
            new Run.RunProgress(
                p.state(),
                p.config(),
                shared.summary(),
                metrics,
                p.lastSeq(),
                shared.rows(),
                null,
                null,
                now,
                now,
                null));
    return s.runs().find(project.id(), start.id()).orElseThrow();
  }
}
