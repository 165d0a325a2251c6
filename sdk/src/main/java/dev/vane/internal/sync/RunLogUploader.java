package dev.vane.internal.sync;

import dev.vane.internal.Console;
import dev.vane.internal.Diagnostics;
import dev.vane.internal.Settings;
import dev.vane.internal.Validation;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.LogEnd;
import dev.vane.protocol.log.RunLogReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vane sync}: uploads a run log written offline, or whatever an online run could not
 * upload, with a progress bar. It replays the log with the same {@link LogSender} a live run uses:
 * it creates or attaches to the run with the log's first record (same writer token, so the server
 * sees a reconnect), sends every record after the server's {@code lastSeq}, then uploads the run's
 * {@code files/}. Syncing a run again sends nothing.
 *
 * <p>The log's writer is gone by now, so the records are sent as a replay, not as heartbeats, and
 * once all of them are on the server the sender says the log is complete ({@code ?final=true}):
 * the run ends as the log's exit record says, or {@code crashed} when there is none (the program
 * was killed), keeping the program's last heartbeat as the end of its runtime.
 *
 * <pre>{@code
 * RunLogUploader uploader = new RunLogUploader(Settings.load(), System.err);
 * SyncReport report = uploader.sync(Path.of("vane/offline-run-20241105_111006-pdo5110r"));
 * }</pre>
 */
public final class RunLogUploader {
  /** How long one sync may take by default before it gives up. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration MIN_FILES_TIME = Duration.ofSeconds(30);

  private final Settings settings;
  private final PrintStream out;
  private final Duration timeout;

  /** An uploader using the server, key and entity of {@code settings}, printing to {@code out}. */
  public RunLogUploader(Settings settings, PrintStream out) {
    this(settings, out, DEFAULT_TIMEOUT);
  }

  /**
   * An uploader giving up on a run after {@code timeout} (while the server is away it retries with
   * back-off until then).
   */
  public RunLogUploader(Settings settings, PrintStream out, Duration timeout) {
    this.settings = settings;
    this.out = out;
    this.timeout = timeout;
  }

  /**
   * Uploads one run.
   *
   * @param path a run directory ({@code vane/run-...} or {@code vane/offline-run-...}) or its
   *     {@code .vane} run log
   * @return what was sent; {@link SyncReport#error()} says why it is not complete
   * @throws IOException when the path holds no readable run log, or its first record is not a run
   * @throws IllegalArgumentException when the base URL or entity setting is invalid
   */
  public SyncReport sync(Path path) throws IOException {
    Path log = findLog(path);
    Path runDir = log.toAbsolutePath().getParent();
    RunStart start = readStart(log);
    long total = countRecords(log);
    String baseUrl = Validation.checkBaseUrl(settings.source("base_url"), settings.baseUrl());
    if (start.entity() == null && settings.entity() != null) {
      String entity = Validation.checkName(settings.source("entity"), settings.entity());
      start = new RunStart(start.id(), entity, start.project(), start.name(), start.notes(),
          start.tags(), start.group(), start.jobType(), start.config(), start.startTime(),
          start.writer(), start.mode());
    }
    Diagnostics diag = new Diagnostics(new Console(out, false));
    if (Files.isDirectory(runDir.resolve("logs"))) {
      diag.openDebugLog(runDir.resolve("logs").resolve("debug.log"));
    }
    diag.debug("sync " + log + " to " + baseUrl + ": " + total + " records");
    try {
      return send(log, runDir, start, total, baseUrl, diag);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SyncReport(log, null, null, 0, total, List.of(), false, "interrupted");
    } finally {
      diag.close();
    }
  }

  private SyncReport send(Path log, Path runDir, RunStart start, long total, String baseUrl,
      Diagnostics diag) throws InterruptedException {
    if (settings.apiKey() == null) {
      return new SyncReport(log, null, null, 0, total, List.of(), false,
          "no API key: set VANE_API_KEY or run vane login --host URL --key KEY");
    }
    ApiClient api = new ApiClient(baseUrl, settings.apiKey());
    ProgressBar bar = new ProgressBar(out, runDir.getFileName().toString(), total);
    LogSender sender = new LogSender(api, log, start, null, diag, new LogSender.Listener() {
      @Override
      public void upserted(dev.vane.protocol.wire.UpsertResult result) {
        bar.update(result.lastSeq());
      }

      @Override
      public void acknowledged(long lastSeq) {
        bar.update(lastSeq);
      }
    }, false);
    sender.markComplete();
    long startNanos = System.nanoTime();
    long deadline = startNanos + timeout.toNanos();
    LogSender.State state = sender.runUntil(deadline);
    bar.done(sender.acked());
    RunTarget target = sender.target();
    String runPath = target == null ? null : target.path();
    String url = target == null ? null
        : baseUrl + "/" + target.entity() + "/" + target.project() + "/runs/" + target.id();
    LogEnd end = sender.logEnd();
    if (end != null && !end.isClean()) {
      diag.warn("the run log " + log + " ends in a " + end + "; synced the records before it");
    }
    if (state != LogSender.State.DONE) {
      String error = state == LogSender.State.FAILED ? sender.failure()
          : "gave up after " + timeout.toSeconds() + " s with " + sender.acked() + " of " + total
              + " records on the server";
      return new SyncReport(log, runPath, url, sender.sent(), total, List.of(), false, error);
    }
    long filesDeadline = Math.max(deadline, System.nanoTime() + MIN_FILES_TIME.toNanos());
    FileUploader.Result files =
        FileUploader.upload(api, target, runDir.resolve("files"), filesDeadline, diag);
    List<String> synced = new ArrayList<>(files.uploaded());
    synced.addAll(files.unchanged());
    String error = files.failed().isEmpty() ? null : "files not uploaded: " + files.failed();
    out.flush();
    new Console(out, false).line("Synced " + runDir.getFileName() + ": " + sender.sent()
        + " new record(s), " + files.uploaded().size() + " file(s) uploaded; view at " + url);
    return new SyncReport(log, runPath, url, sender.sent(), total, synced, error == null,
        error);
  }

  /**
   * The run log of a run directory ({@code run-*.vane}), or the path itself when it is a file.
   *
   * @throws IOException when there is none, or several
   */
  public static Path findLog(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return path;
    }
    if (!Files.isDirectory(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such run directory or run log");
    }
    List<Path> logs = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.vane")) {
      dir.forEach(logs::add);
    }
    if (logs.size() != 1) {
      throw new IOException(path + (logs.isEmpty() ? " holds no run log (*.vane)"
          : " holds several run logs " + logs + ": name one"));
    }
    return logs.get(0);
  }

  private static RunStart readStart(Path log) throws IOException {
    try (RunLogReader r = RunLogReader.open(log)) {
      Frame first = r.next();
      if (first == null) {
        throw new IOException(log + " is not a readable run log: " + r.end());
      }
      RecordPayload p;
      try {
        p = first.decode();
      } catch (RuntimeException e) {
        throw new IOException(log + ": the first record does not decode: " + e.getMessage(), e);
      }
      if (!(p instanceof RunStart start)) {
        throw new IOException(log + ": the first record is not a run record but " + p.type());
      }
      return start;
    }
  }

  private static long countRecords(Path log) throws IOException {
    try (RunLogReader r = RunLogReader.open(log)) {
      while (r.next() != null) {
        // count only
      }
      return r.lastSeq();
    }
  }
}
