package dev.vane.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.ingest.RunUpsert;
import dev.vane.server.store.Database;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFilter;
import dev.vane.server.store.RunFolders;
import dev.vane.server.store.RunPage;
import dev.vane.server.store.RunQuery;
import dev.vane.server.store.RunQueryException;
import dev.vane.server.store.RunState;
import dev.vane.server.store.User;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs: create or attach ({@code POST /api/v1/runs}), list a project's runs, read, change, stop
 * (and ask whether stopped) and delete one run.
 */
final class RunRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(RunRoutes.class);
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 1000;
  private static final String RUN = "/api/v1/runs/{entity}/{project}/{id}";

  private final Database database;
  private final AccessGuard guard;
  private final RunUpsert upsert;
  private final RunFolders folders;

  /**
   * Creates the routes.
   *
   * @param folders run files on disk, deleted with their run
   */
  RunRoutes(
      Database database, Authenticator authenticator, RunUpsert upsert, RunFolders folders) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
    this.upsert = upsert;
    this.folders = folders;
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.post(Endpoints.RUNS, Access.WRITE_NAMED_IN_BODY, this::upsert);
    routes.get("/api/v1/runs/{entity}/{project}", Access.READ, this::list);
    routes.get(RUN, Access.READ, this::get);
    routes.patch(RUN, Access.WRITE, this::patch);
    routes.delete(RUN, Access.WRITE, this::delete);
    routes.post(RUN + "/stop", Access.WRITE, this::stop);
    routes.get(RUN + "/stop", Access.READ, this::stopped);
  }

  private void upsert(Context ctx) {
    User user = guard.user(ctx);
    JsonNode body = RequestBody.json(ctx);
    RunStart start;
    try {
      start = VaneJson.records().treeToValue(body, RunStart.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ApiException.of(
          ErrorCode.INVALID_JSON, "the body is not a valid run record: " + e.getMessage());
    }
    ApiJson.send(ctx, upsert.upsert(user, start, QueryParams.flag(ctx, "replay")));
  }

  private void list(Context ctx) {
    String project = guard.project(ctx);
    String entity = ctx.pathParam("entity");
    Long asked = QueryParams.optionalLong(ctx, "limit", 1, MAX_LIMIT);
    int limit = asked == null ? DEFAULT_LIMIT : asked.intValue();
    RunQuery query;
    try {
      query = RunQuery.parse(ctx.queryParam("filter"), ctx.queryParam("order"));
    } catch (RunQueryException e) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    RunPage.Position after = RunCursor.decode(ctx.queryParam("cursor"), query);
    RunFilter filter =
        new RunFilter(
            optionalText(ctx, "group"), optionalText(ctx, "jobType"), optionalState(ctx));
    // Later pages count runtimes and $within to the first page's time, so the order holds still.
    long now = after == null ? System.currentTimeMillis() : after.now();
    RunPage page;
    try {
      page =
          database.read(
              s -> {
                Project p = AccessGuard.project(s, entity, project);
                return s.runs().list(p.id(), filter, query, after, limit, now);
              });
    } catch (RunQueryException e) { // a cursor whose values do not fit the order
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", page.runs().stream().map(RunView::of).toList());
    body.put("nextCursor", RunCursor.encode(page.next(), query));
    ApiJson.send(ctx, body);
  }

  /** A text parameter, {@code null} when absent or empty. */
  private static String optionalText(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** The {@code state} parameter: a state's wire name, {@code null} when absent or empty. */
  private static RunState optionalState(Context ctx) {
    String v = optionalText(ctx, "state");
    if (v == null) {
      return null;
    }
    for (RunState state : RunState.values()) {
      if (state.wireName().equals(v)) {
        return state;
      }
    }
    List<String> names = Arrays.stream(RunState.values()).map(RunState::wireName).toList();
    throw ApiException.of(
        ErrorCode.INVALID_ARGUMENT,
        "state must be one of " + String.join(", ", names) + ", not \"" + v + "\"");
  }

  private void get(Context ctx) {
    RunPath path = guard.runPath(ctx);
    ApiJson.send(ctx, RunView.of(database.read(s -> AccessGuard.run(s, path))));
  }

  private void patch(Context ctx) {
    RunPath path = guard.runPath(ctx);
    RunPatch patch = RunPatch.parse(RequestBody.json(ctx));
    long now = System.currentTimeMillis();
    Run updated =
        database.write(
            s -> {
              Run run = AccessGuard.runForUpdate(s, path);
              s.runs().updateDetails(run.pk(), patch.applyTo(run.details()), now);
              return AccessGuard.run(s, path);
            });
    ApiJson.send(ctx, RunView.of(updated));
  }

  /**
   * Sets the run's sticky {@code stopped} flag; the writer learns it from its next ingest answer.
   * A run that has ended (finished, failed, killed) cannot be stopped: {@code run_ended}.
   */
  private void stop(Context ctx) {
    RunPath path = guard.runPath(ctx);
    long now = System.currentTimeMillis();
    Run stopped =
        database.write(
            s -> {
              Run run = AccessGuard.runForUpdate(s, path);
              RunState state = run.progress().state();
              if (state != RunState.RUNNING && state != RunState.CRASHED) {
                throw ApiException.of(
                    ErrorCode.RUN_ENDED,
                    "run " + path + " has already ended (" + state.wireName() + ")");
              }
              if (!run.stopped()) {
                s.runs().markStopped(run.pk(), now);
              }
              return AccessGuard.run(s, path);
            });
    ApiJson.send(ctx, RunView.of(stopped));
  }

  /**
   * {@code {"stopped": true|false}}: whether someone stopped the run. The idle writer asks this
   * every second between heartbeats, so it only reads: no heartbeat, nothing written.
   */
  private void stopped(Context ctx) {
    RunPath path = guard.runPath(ctx);
    boolean stopped = database.read(s -> AccessGuard.run(s, path)).stopped();
    ApiJson.send(ctx, Map.of("stopped", stopped));
  }

  /**
   * Deletes the run with its history and files. A run whose history others read (a fork source, a
   * rewound original) is refused with {@code run_has_branches}; the archived originals of a rewound
   * run go with it when nothing else reads them.
   */
  private void delete(Context ctx) {
    RunPath path = guard.runPath(ctx);
    long now = System.currentTimeMillis();
    List<Run> deleted =
        database.write(
            s -> {
              Run run = AccessGuard.runForUpdate(s, path);
              List<String> branches = s.runs().branchesOf(run.pk());
              if (!branches.isEmpty()) {
                throw ApiException.of(
                    ErrorCode.RUN_HAS_BRANCHES,
                    "run "
                        + path
                        + " is the source of "
                        + String.join(", ", branches)
                        + ", whose history reads its rows; delete those first");
              }
              List<Run> gone = new ArrayList<>();
              Run next = run;
              while (next != null) {
                s.history().deleteAll(next.pk());
                s.system().deleteAll(next.pk());
                s.files().deleteAll(next.pk());
                s.logs().deleteAll(next.pk());
                s.runs().delete(next, now);
                gone.add(next);
                String source = next.origin().forkSourceId();
                next =
                    source == null
                        ? null
                        : s.runs()
                            .find(next.projectId(), source)
                            .filter(r -> r.origin().archived())
                            .filter(r -> s.runs().branchesOf(r.pk()).isEmpty())
                            .orElse(null);
              }
              return gone;
            });
    // The bytes go after the commit: a failure here leaves only unreachable files behind.
    for (Run run : deleted) {
      try {
        folders.deleteRun(run.pk());
      } catch (IOException e) {
        LOG.warn("could not delete the files of deleted run {} (pk {})", path, run.pk(), e);
      }
    }
    ctx.status(204);
  }
}
