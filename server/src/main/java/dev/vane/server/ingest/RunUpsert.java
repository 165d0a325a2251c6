package dev.vane.server.ingest;

import dev.vane.protocol.RunStart;
import dev.vane.protocol.wire.UpsertResult;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.User;
import java.util.Optional;

/**
 * Creates a run from its first record, or attaches its writer again ({@code POST /api/v1/runs}).
 * Attaching with the same writer token changes nothing, so retries, reconnects and a second {@code
 * vane sync} of the same log are harmless.
 */
public final class RunUpsert {
  /** The project of runs that name none. */
  public static final String DEFAULT_PROJECT = "uncategorized";

  private final Database database;
  private final RunNameGenerator names;

  /** Writes to the database, naming unnamed runs with the generator. */
  public RunUpsert(Database database, RunNameGenerator names) {
    this.database = database;
    this.names = names;
  }

  /**
   * Creates or attaches.
   *
   * @param caller the API key's user, the entity when the record names none
   * @throws ApiException {@code invalid_id}, {@code invalid_name}, {@code invalid_argument}, {@code
   *     forbidden}, {@code run_deleted} or {@code run_exists}
   */
  public UpsertResult upsert(User caller, RunStart start) {
    String id = NameRules.requireRunId(start.id());
    String entity =
        start.entity() == null ? caller.name() : NameRules.requireName("entity", start.entity());
    String projectName =
        start.project() == null
            ? DEFAULT_PROJECT
            : NameRules.requireName("project", start.project());
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
    if (!caller.mayAccess(entity)) {
      throw ApiException.of(
          ErrorCode.FORBIDDEN,
          "user \"" + caller.name() + "\" may not create runs in entity \"" + entity + "\"");
    }
    long now = System.currentTimeMillis();
    return database.write(
        s -> {
          Entity owner = s.entities().ensure(entity, now);
          Project project = s.projects().ensure(owner, projectName, now);
          // Two writers creating the same run, through any server process, take turns here: the
          // second finds the first one's run instead of creating another.
          s.projects().lockForUpdate(project.id());
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
          if (existing.isPresent()) {
            Run run = existing.get();
            if (!run.writer().equals(start.writer())) {
              throw ApiException.of(
                  ErrorCode.RUN_EXISTS,
                  "run "
                      + entity
                      + "/"
                      + projectName
                      + "/"
                      + id
                      + " already exists and is written by another writer");
            }
            return result(run, false);
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
          return result(run, true);
        });
  }

  private static UpsertResult result(Run run, boolean created) {
    return new UpsertResult(
        run.entity(), run.project(), run.id(), run.name(), run.progress().lastSeq(), created);
  }
}
