package dev.vane.server.ingest;

import dev.vane.protocol.RunBranch;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.wire.UpsertResult;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.auth.AccessLevel;
import dev.vane.server.auth.Permissions;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.Stores;
import dev.vane.server.store.User;
import dev.vane.server.store.Visibility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates a run from its first record, or attaches its writer again ({@code POST /api/v1/runs}).
 * Attaching with the same writer token changes nothing, so retries, reconnects and a second {@code
 * vane sync} of the same log are harmless.
 *
 * <p>A run record may ask for more, as W&amp;B's {@code resume}, {@code fork_from} and {@code
 * resume_from} do:
 *
 * <ul>
 *   <li><b>resume</b> {@code must | allow | never}: an existing run of another writer is handed to
 *       this one ({@link #resume}); {@code must} refuses a missing run, {@code never} an existing
 *       one;
 *   <li><b>fork</b>: a new run sharing the source's history up to the branch step ({@link
 *       RunBranching#fork});
 *   <li><b>rewind</b>: the run's original is archived under a new ID and the run starts again from
 *       its history up to the branch step ({@link RunBranching#rewind}).
 * </ul>
 *
 * A run still sending heartbeats is never taken over: {@code run_live}.
 */
public final class RunUpsert {
  /** The project of runs that name none. */
  public static final String DEFAULT_PROJECT = "uncategorized";

  private static final Set<String> RESUME_MODES = Set.of("must", "allow", "never");

  private final Database database;
  private final RunNameGenerator names;

  /** Writes to the database, naming unnamed runs with the generator. */
  public RunUpsert(Database database, RunNameGenerator names) {
    this.database = database;
    this.names = names;
  }

  /**
   * Creates, attaches, resumes or branches.
   *
   * @param caller the API key's user, the entity when the record names none
   * @throws ApiException {@code invalid_id}, {@code invalid_name}, {@code invalid_argument}, {@code
   *     forbidden}, {@code run_deleted}, {@code run_exists}, {@code run_live} or {@code not_found}
   */
  public UpsertResult upsert(User caller, RunStart start) {
    return upsert(caller, start, false);
  }

  /**
   * Creates, attaches, resumes or branches; {@code replay} when the record comes from a run log
   * replayed after the fact ({@code vane sync}): a run it creates has its start as its last sign
   * of life, not the time of the sync (the replayed records move it on).
   */
  public UpsertResult upsert(User caller, RunStart start, boolean replay) {
    String id = NameRules.requireRunId(start.id());
    String entity =
        start.entity() == null ? caller.name() : NameRules.requireName("entity", start.entity());
    String projectName =
        start.project() == null
            ? DEFAULT_PROJECT
            : NameRules.requireName("project", start.project());
    validate(start);
    long now = System.currentTimeMillis();
    return database.write(
        s -> {
          if (!Permissions.of(s, caller, entity, projectName).includes(AccessLevel.WRITE)) {
            throw ApiException.of(
                ErrorCode.FORBIDDEN,
                "user \""
                    + caller.name()
                    + "\" may not write to project \""
                    + entity
                    + "/"
                    + projectName
                    + "\"");
          }
          // Only a server admin gets here for a new entity name: it becomes a team.
          Entity owner = s.entities().ensure(entity, now);
          Project project =
              s.projects()
                  .ensure(
                      owner,
                      projectName,
                      owner.team() ? Visibility.TEAM : Visibility.PRIVATE,
                      caller.id(),
                      now);
          // Two writers creating the same run, through any server process, take turns here: the
          // second finds the first one's run instead of creating another.
          s.projects().lockForUpdate(project.id());
          String path = entity + "/" + projectName + "/" + id;
          if (s.runs().isDeleted(project.id(), id)) {
            throw ApiException.of(
                ErrorCode.RUN_DELETED,
                "run id \""
                    + id
                    + "\" belonged to a deleted run of "
                    + entity
                    + "/"
                    + projectName
                    + "; IDs are never reused");
          }
          Optional<Run> existing = s.runs().find(project.id(), id);
          boolean continuing = start.resume() != null || start.branch() != null;
          if (existing.isPresent() && existing.get().writer().equals(start.writer())) {
            return result(s, existing.get(), false, continuing); // a retry or a reconnect
          }
          RunBranching branching = new RunBranching(s, project, names, now);
          if (start.branch() != null && start.branch().kind().equals(RunBranch.FORK)) {
            if (existing.isPresent()) {
              throw ApiException.of(
                  ErrorCode.RUN_EXISTS,
                  "run " + path + " already exists; a fork is a new run: give it a new ID");
            }
            return result(s, branching.fork(start), true, true);
          }
          if (start.branch() != null) {
            Run original =
                existing.orElseThrow(
                    () -> ApiException.notFound("run " + path + " to rewind"));
            requireNotLive(original, path, now);
            return result(s, branching.rewind(original, start), false, true);
          }
          if (existing.isPresent()) {
            Run run = existing.get();
            if (start.resume() == null || start.resume().equals("never")) {
              throw ApiException.of(
                  ErrorCode.RUN_EXISTS,
                  "run "
                      + path
                      + " already exists and is written by another writer"
                      + (start.resume() == null
                          ? "; to continue it, resume it (RunOptions.resume(\"allow\"))"
                          : " (resume \"never\")"));
            }
            requireNotLive(run, path, now);
            return result(s, resume(s, run, start, now), false, true);
          }
          if ("must".equals(start.resume())) {
            throw ApiException.notFound(
                "run " + path + " (resume \"must\" continues an existing run only)");
          }
          long n = s.projects().nextRunNumber(project.id());
          String name =
              start.name() == null || start.name().isBlank() ? names.name(n) : start.name();
          Run run =
              s.runs()
                  .create(
                      new NewRun(
                          project.id(),
                          id,
                          new Run.RunDetails(
                              name, start.notes(), start.tags(), start.group(), start.jobType()),
                          start.config(),
                          start.writer(),
                          Times.millisOrElse(start.startTime(), now),
                          now));
          if (replay) {
            s.runs().setHeartbeat(run.pk(), run.createdAt());
            run = s.runs().find(project.id(), id).orElseThrow();
          }
          return result(s, run, true, continuing);
        });
  }

  private static void validate(RunStart start) {
    if (start.writer() == null || start.writer().isBlank()) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT, "writer is required: a token naming this writer of the run");
    }
    NameRules.requireStorableText("writer", start.writer());
    NameRules.requireStorableText("name", start.name());
    NameRules.requireStorableText("notes", start.notes());
    NameRules.requireStorableText("group", start.group());
    NameRules.requireStorableText("jobType", start.jobType());
    for (String tag : start.tags()) {
      if (tag == null || tag.isEmpty()) {
        throw ApiException.of(ErrorCode.INVALID_ARGUMENT, "tags must be non-empty strings");
      }
    }
    if (start.resume() != null && !RESUME_MODES.contains(start.resume())) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "resume must be must, allow or never, not \"" + start.resume() + "\"");
    }
    RunBranch b = start.branch();
    if (b == null) {
      return;
    }
    if (start.resume() != null) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT, "branch and resume cannot be combined: a run does one");
    }
    if (!RunBranch.FORK.equals(b.kind()) && !RunBranch.REWIND.equals(b.kind())) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT, "branch.kind must be fork or rewind, not " + b.kind());
    }
    NameRules.requireRunId(b.run());
    if (b.step() < 0) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT, "branch.step must be >= 0");
    }
    boolean same = b.run().equals(start.id());
    if (b.kind().equals(RunBranch.FORK) && same) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "a fork needs a new run ID, not its source's \"" + b.run()
              + "\"; to go back in the same run, rewind it (RunOptions.resumeFrom)");
    }
    if (b.kind().equals(RunBranch.REWIND) && !same) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT,
          "a rewind continues the same run: branch.run \"" + b.run()
              + "\" must be the run's ID \"" + start.id() + "\"; to branch into a new run, fork");
    }
  }

  /**
   * The longest a live writer goes without a request: two heartbeats of the SDK's default 30 s and
   * some slack. A run that spoke more recently is still being written.
   */
  static final long LIVE_WINDOW_MILLIS = 75_000;

  /** Refuses to take over a run whose writer still sends heartbeats. */
  static void requireNotLive(Run run, String path, long now) {
    Long heartbeat = run.progress().heartbeatAt();
    if (run.progress().state() == dev.vane.server.store.RunState.RUNNING
        && heartbeat != null
        && now - heartbeat < LIVE_WINDOW_MILLIS) {
      long ago = Math.max(0, (now - heartbeat) / 1000);
      long wait = (LIVE_WINDOW_MILLIS - (now - heartbeat) + 999) / 1000;
      throw ApiException.of(
          ErrorCode.RUN_LIVE,
          "run "
              + path
              + " is still being written by another process (last heartbeat "
              + ago
              + " s ago); a run has one writer at a time. Stop that process, or wait "
              + wait
              + " s if it has died");
    }
  }

  /**
   * Hands the run to the new writer: config merged, name, notes, tags, group and job type kept
   * unless the record gives them anew, the live time so far kept.
   */
  private static Run resume(Stores s, Run run, RunStart start, long now) {
    Run.RunDetails details = keptUnlessGiven(run.details(), start);
    Map<String, Object> config = new LinkedHashMap<>(run.progress().config());
    config.putAll(start.config());
    long end =
        run.progress().finishedAt() != null ? run.progress().finishedAt() : run.lastSign();
    s.runs().takeOver(run.pk(), start.writer(), details, config, run.liveMillis(end), now);
    return s.runs().find(run.projectId(), run.id()).orElseThrow();
  }

  /** The details of a continued run: each kept unless the run record gives it anew. */
  static Run.RunDetails keptUnlessGiven(Run.RunDetails d, RunStart start) {
    return new Run.RunDetails(
        start.name() == null || start.name().isBlank() ? d.name() : start.name(),
        start.notes() != null ? start.notes() : d.notes(),
        start.tags().isEmpty() ? d.tags() : start.tags(),
        start.group() != null ? start.group() : d.group(),
        start.jobType() != null ? start.jobType() : d.jobType());
  }

  private static UpsertResult result(Stores s, Run run, boolean created, boolean continuing) {
    long startStep = 0;
    double liveSeconds = 0;
    if (continuing) {
      startStep = s.history().lastStep(run.pk()) + 1;
      if (run.origin().forkStep() != null) {
        startStep = Math.max(startStep, run.origin().forkStep() + 1);
      }
      liveSeconds = run.origin().liveMillisBefore() / 1000.0;
    }
    return new UpsertResult(
        run.entity(),
        run.project(),
        run.id(),
        run.name(),
        run.progress().lastSeq(),
        created,
        continuing && (startStep > 0 || !created),
        startStep,
        run.progress().config(),
        run.progress().summary(),
        liveSeconds,
        run.details().notes(),
        run.details().tags(),
        run.details().group(),
        run.details().jobType());
  }

  /** The names an archived original may take: {@code ID~1}, {@code ID~2}, ... */
  static List<String> archiveIds(String id, int max) {
    return java.util.stream.IntStream.rangeClosed(1, max)
        .mapToObj(
            k -> {
              String suffix = "~" + k;
              int keep =
                  Math.min(id.codePointCount(0, id.length()), NameRules.MAX_ID_LENGTH - suffix.length());
              return id.substring(0, id.offsetByCodePoints(0, keep)) + suffix;
            })
        .toList();
  }
}
