package dev.vane.internal;

import dev.vane.Run;
import dev.vane.RunBody;
import dev.vane.RunOptions;
import dev.vane.VaneException;
import dev.vane.internal.sync.ApiClient;
import dev.vane.internal.sync.ApiException;
import dev.vane.internal.sync.LogSender;
import dev.vane.protocol.RunBranch;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.wire.UpsertResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * Starts runs: what {@link dev.vane.Vane} does, with the settings and the terminal given
 * explicitly (tests give their own).
 */
public final class RunLauncher {
  /** How long starting an online run waits for the server. */
  static final Duration INIT_TIMEOUT = Duration.ofSeconds(5);

  private RunLauncher() {}

  /**
   * Starts a run.
   *
   * @param terminal where the run prints (usually {@link System#err}); UTF-8 is written
   * @throws VaneException when the server refuses the run, or no API key is set for an online run
   * @throws IllegalArgumentException when a setting is invalid
   */
  public static Run start(RunOptions options, Settings settings, PrintStream terminal) {
    // Vane's own lines go to the real terminal, never into another run's console capture.
    terminal = ConsoleCapture.original(terminal);
    RunSettings rs = RunSettings.resolve(options, settings);
    RunBranch branch = branch(options);
    Path resumeFile = "auto".equals(options.resume()) ? ResumeFile.under(rs.root()) : null;
    if (rs.disabled()) {
      String id = options.id() != null ? options.id() : RunIds.generate();
      return new DisabledRun(id, options, rs.entity(), rs.project());
    }
    long startNanos = System.nanoTime();
    double startTime = RealRun.now();
    LocalDateTime startLocal = LocalDateTime.now();
    Diagnostics diag = new Diagnostics(new Console(terminal, rs.silent()));
    String id = options.id();
    if (id == null && resumeFile != null) {
      id = ResumeFile.read(resumeFile, diag);
    }
    if (id == null && branch != null && branch.kind().equals(RunBranch.REWIND)) {
      id = branch.run();
    }
    if (id == null) {
      id = RunIds.generate();
    }
    // The server knows only must, allow and never: auto has found its ID by now.
    String resume = "auto".equals(options.resume()) ? "allow" : options.resume();
    if (resume != null && !rs.online()) {
      diag.warn("resume is ignored in " + rs.mode() + " mode: it needs the server at init."
          + " Starting a new run with ID " + id);
      resume = null;
    }
    diag.debug("vane " + Version.current() + " starting run " + id + ": mode " + rs.mode()
        + ", server " + rs.baseUrl() + ", project " + rs.project() + ", entity " + rs.entity()
        + (resume != null ? ", resume " + resume : "") + (branch != null ? ", " + branch.kind()
        + " from " + branch : ""));
    RunStart start = new RunStart(id, rs.entity(), rs.project(), options.name(), options.notes(),
        options.tags(), options.group(), options.jobType(), options.config(), startTime,
        UUID.randomUUID().toString(), rs.online() ? "online" : "offline", resume, branch);
    ApiClient api = null;
    UpsertResult upserted = null;
    if (rs.online()) {
      if (rs.apiKey() == null) {
        throw new VaneException("no API key for the Vane server at " + rs.baseUrl()
            + ": set VANE_API_KEY, run `vane login --host URL --key KEY`, or use mode offline");
      }
      api = new ApiClient(rs.baseUrl(), rs.apiKey());
      upserted = upsert(api, start, diag);
      if (upserted == null && resume != null) {
        // Where to continue is the server's to say; guessing would overwrite rows.
        throw new VaneException("cannot resume run " + id + ": the Vane server at "
            + rs.baseUrl() + " did not answer, and resuming needs it at init");
      }
    }
    Continuation from = continuation(options, start, upserted, branch, resumeFile);
    if (resumeFile != null) {
      ResumeFile.write(resumeFile, id, diag);
    }
    RunDirectory dir = createDirectory(rs.root(), id, !rs.online(), startLocal, diag);
    diag.openDebugLog(dir.debugLog());
    RunLog log;
    try {
      log = RunLog.create(dir.runLog(), diag);
    } catch (IOException e) {
      throw new VaneException("cannot create the run log " + dir.runLog() + ": " + e, e);
    }
    log.append(start);
    RealRun run = new RealRun(rs, start, dir, log, diag, api, upserted, startNanos, from);
    run.start();
    if (upserted != null && upserted.resumed()) {
      diag.console().line((branch == null ? "Resuming run " : branch.kind().equals(RunBranch.FORK)
          ? "Forked from " + branch + ", run " : "Rewound to " + branch + ", run ")
          + id + " at step " + upserted.startStep());
    }
    return run;
  }

  private static RunBranch branch(RunOptions options) {
    if (options.forkFrom() != null) {
      return RunBranch.parse(RunBranch.FORK, "forkFrom", options.forkFrom());
    }
    if (options.resumeFrom() != null) {
      return RunBranch.parse(RunBranch.REWIND, "resumeFrom", options.resumeFrom());
    }
    return null;
  }

  /**
   * Where the run continues: from the server's answer when it continues existing history, from
   * the branch step when the server could not be asked (it applies the branch when the log gets
   * there), else from nothing.
   */
  private static Continuation continuation(RunOptions options, RunStart start,
      UpsertResult upserted, RunBranch branch, Path resumeFile) {
    if (upserted != null && upserted.resumed()) {
      return new Continuation(upserted.startStep(), upserted.config(), upserted.summary(),
          upserted.liveSeconds(), resumeFile);
    }
    long startStep = branch != null ? branch.step() + 1 : 0;
    return new Continuation(startStep, start.config(), java.util.Map.of(), 0, resumeFile);
  }

  private static UpsertResult upsert(ApiClient api, RunStart start, Diagnostics diag) {
    try {
      UpsertResult r = api.upsert(start, INIT_TIMEOUT);
      diag.debug("run " + r.entity() + "/" + r.project() + "/" + r.id() + " upserted as "
          + r.name() + (r.created() ? " (created)" : " (attached)"));
      return r;
    } catch (ApiException e) {
      if (!e.retryable()) {
        throw new VaneException(refusal(api, start, e), e.status(), e.code(), e);
      }
      diag.warnOnce(LogSender.UNREACHABLE_WARNING, "server at " + api.baseUrl() + " answered "
          + e.describe() + "; logging locally and retrying");
    } catch (IOException e) {
      unreachable(api, describe(e), diag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unreachable(api, "interrupted", diag);
    }
    return null;
  }

  private static String refusal(ApiClient api, RunStart start, ApiException e) {
    String hint = switch (e.status()) {
      case 401 -> " (check VANE_API_KEY or run vane login)";
      case 403 -> " (the API key's user may not write to entity " + start.entity() + ")";
      default -> "";
    };
    return "the Vane server at " + api.baseUrl() + " refused run " + start.id() + ": "
        + e.getMessage() + " [" + e.status() + " " + e.code() + "]" + hint;
  }

  private static void unreachable(ApiClient api, String problem, Diagnostics diag) {
    diag.warnOnce(LogSender.UNREACHABLE_WARNING, "server not reachable at " + api.baseUrl() + " (" + problem
        + "), logging locally and retrying");
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The run directory under {@code root}, else under the temporary directory, with a warning. */
  private static RunDirectory createDirectory(Path root, String id, boolean offline,
      LocalDateTime start, Diagnostics diag) {
    try {
      return RunDirectory.create(root, id, offline, start);
    } catch (IOException e) {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      diag.warn("cannot create a run directory under " + RunDirectory.runsRoot(root) + " (" + e
          + "); using " + tmp.resolve("vane") + " instead");
      try {
        return RunDirectory.create(tmp, id, offline, start);
      } catch (IOException e2) {
        throw new VaneException("cannot create a run directory under " + root + " or " + tmp
            + ": " + e2, e2);
      }
    }
  }

  /**
   * Runs {@code body} with a started run and finishes it: failed, with the stack trace, when the
   * body throws, which is then thrown on.
   *
   * @return the finished run
   */
  public static Run runBody(Run run, RunBody body) throws Exception {
    try {
      body.run(run);
    } catch (Throwable t) {
      if (run instanceof RealRun real) {
        real.finishFailed(t);
      } else {
        run.finish(1);
      }
      throw t;
    }
    run.finish();
    return run;
  }
}
