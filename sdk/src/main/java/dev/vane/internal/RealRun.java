package dev.vane.internal;

import dev.vane.Config;
import dev.vane.Metric;
import dev.vane.Run;
import dev.vane.Summary;
import dev.vane.internal.meta.MetadataCapture;
import dev.vane.internal.sync.ApiClient;
import dev.vane.internal.sync.FileUploader;
import dev.vane.internal.sync.LogSender;
import dev.vane.internal.system.SystemSampler;
import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.DetailsUpdate;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunMetadata;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SystemSample;
import dev.vane.protocol.wire.UpsertResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An online or offline run. Every call records to the {@link RunLog} under the run's lock and
 * returns; the {@link LogSender} thread streams the log to the server (online). {@link
 * #finish(int)} ends the log, waits for the upload (bounded), uploads the files and prints the
 * footer.
 */
public final class RealRun implements Run {
  private static final long PROGRESS_AFTER_MILLIS = 1000;
  /** The exit code of a run ended by a signal (Ctrl+C, SIGTERM): W&B's, shown as killed. */
  static final int KILLED_EXIT_CODE = 255;
  /** How long the default stop handler lets the program end by itself before exiting the JVM. */
  private static final long STOP_GRACE_MILLIS = 30_000;
  /**
   * A system property that shortens {@link #STOP_GRACE_MILLIS}, for the tests only (they check the
   * exit after the grace period in seconds, not half a minute); not a documented setting.
   */
  static final String STOP_GRACE_PROPERTY = "vane.internal.stopGraceMillis";

  private final Thread initThread;
  private volatile boolean stopRequested;
  /**
   * How long finish keeps waiting for a server it cannot reach at all. A server that answers gets
   * the whole finish timeout; one that is down should not hold the program for a minute, since
   * {@code vane sync} uploads the run later just as well.
   */
  private static final long UNREACHABLE_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(15);
  private static final long MIN_FILES_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Object lock = new Object();
  private final Object finishLock = new Object();
  private final RunSettings settings;
  private final String id;
  private final String project;
  private final RunDirectory dir;
  private final RunLog log;
  private final Diagnostics diag;
  private final ApiClient api;
  private final LogSender sender;
  private final long startNanos;
  private final double startTime;
  private final RealConfig config;
  private final RealSummary summary;
  private final History history; // guarded by lock
  private volatile String entity;
  private final RunDetails details;
  private Thread senderThread;
  private Thread metadataThread;
  /** How long finish waits for a metadata capture still going (a slow git, a huge diff). */
  private static final long METADATA_WAIT_MILLIS = 5_000;
  /** Samples system metrics on its own thread, or {@code null} when sampling is off. */
  private final SystemSampler systemSampler;
  /** The runtime a continued run had before this process: system samples go on from it. */
  private final double runtimeOffset;
  private volatile ConsoleCapture console; // null when not capturing
  private boolean closed; // guarded by lock: no more records
  private boolean finished; // guarded by finishLock

  private final Path resumeFile;
  private final SavedFiles saved;

  RealRun(RunSettings settings, RunStart start, RunDirectory dir, RunLog log, Diagnostics diag,
      ApiClient api, UpsertResult upserted, long startNanos, Continuation from) {
    this.initThread = Thread.currentThread();
    this.settings = settings;
    this.id = start.id();
    this.project = start.project();
    this.entity = start.entity();
    this.details = new RunDetails(start.name(), start.notes(), start.tags(), start.group(),
        start.jobType());
    this.dir = dir;
    this.log = log;
    this.diag = diag;
    this.api = api;
    this.startNanos = startNanos;
    this.startTime = start.startTime();
    this.resumeFile = from.resumeFile();
    this.saved = new SavedFiles(dir.filesDir(), diag);
    this.config = new RealConfig(from.config(), lock, this::configChanged, diag);
    // Summary reads and writes first apply pending metric definitions, which change the summary.
    this.summary = new RealSummary(lock, this::applyDefinitions, u -> {
      if (!closed) {
        log.append(u);
      }
    }, diag);
    summary.restore(from.summary());
    this.history = new History(log, summary, diag,
        new RunClock(startNanos, startTime, from.runtimeOffsetSeconds()));
    history.startAt(from.startStep());
    this.runtimeOffset = from.runtimeOffsetSeconds();
    this.systemSampler = settings.samplesSystem()
        ? new SystemSampler(settings.systemSampleInterval(), dir.dir(), diag, this::systemSample)
        : null;
    if (upserted != null) {
      onUpserted(upserted);
    }
    this.sender = api == null ? null : new LogSender(api, log.path(), start, upserted, diag,
        new LogSender.Listener() {
          @Override
          public void upserted(UpsertResult result) {
            onUpserted(result);
          }

          @Override
          public void stopRequested() {
            onStopRequested();
          }
        }, true, settings.heartbeatInterval());
  }

  /** Writes the start files, starts the threads and prints the start lines. */
  void start() {
    writeJson(dir.configFile(), config.asMap());
    if (settings.captures("metadata")) {
      // git and nvidia-smi take tens of milliseconds or more: never on the program's thread
      metadataThread = new Thread(this::captureMetadata, "vane-metadata-" + id);
      metadataThread.setDaemon(true);
      metadataThread.start();
    }
    if (!dir.linkLatest()) {
      diag.debug("could not link vane/latest-run to " + dir.dir());
    }
    if (sender != null) {
      senderThread = new Thread(sender, "vane-sender-" + id);
      senderThread.setDaemon(true);
      senderThread.start();
    }
    log.startFlusher(id, sender == null ? () -> {} : sender::wake);
    if (sender != null) {
      saved.startUploads(api, sender::target, id);
    }
    if (systemSampler != null) {
      systemSampler.start(id);
    }
    ProcessHooks.register(this);
    List<String> lines = settings.online()
        ? TerminalReport.startOnline(name(), projectUrl(), url(), dir.dir())
        : TerminalReport.startOffline(dir.dir());
    lines.forEach(diag.console()::line);
    if (settings.captureConsole()) {
      try {
        console = ConsoleCapture.start(id, dir.outputLog(), this::recordConsole, diag);
      } catch (RuntimeException e) { // a security manager refusing setOut: run without capture
        diag.warn("cannot capture the console: " + e);
      }
    }
    diag.debug("run " + id + " started in " + dir.dir() + " (" + settings.mode() + ")");
  }

  private void onUpserted(UpsertResult r) {
    entity = r.entity();
    details.named(r.name());
    details.restore(r.notes(), r.tags(), r.group(), r.jobType());
  }

  @Override
  public void log(Map<String, ?> values) {
    record(values, false, 0, -1);
  }

  @Override
  public void log(Map<String, ?> values, long step) {
    record(values, true, step, -1);
  }

  @Override
  public void log(Map<String, ?> values, boolean commit) {
    record(values, false, 0, commit ? 1 : 0);
  }

  @Override
  public void log(Map<String, ?> values, long step, boolean commit) {
    record(values, true, step, commit ? 1 : 0);
  }

  /** The hot path: primitives rather than boxed optionals, one clock reading, one lock. */
  private void record(Map<String, ?> values, boolean hasStep, long step, int commit) {
    if (values == null) {
      diag.warnOnce("log:null", "log: ignoring a null map");
      return;
    }
    long nanos = System.nanoTime();
    try {
      synchronized (lock) {
        if (closed) {
          diag.warnOnce("log:closed",
              "log: run " + id + " is finished; ignoring values logged after finish()");
          return;
        }
        history.log(values, hasStep, step, commit, nanos);
      }
    } catch (RuntimeException e) {
      diag.warnOnce("log:error:" + e.getClass().getName(), "log: " + e);
    }
  }

  /**
   * Appends a system metrics sample; called on the sampler thread. It takes the run's lock only to
   * append one small record, so a log call waits at most that long.
   */
  private void systemSample(Map<String, Object> values) {
    double runtime = runtimeOffset + runtime();
    double timestamp = now();
    try {
      synchronized (lock) {
        if (!closed) {
          log.append(new SystemSample(values, timestamp, runtime));
        }
      }
    } catch (RuntimeException e) {
      diag.debug("system metrics: cannot record a sample: " + e);
    }
  }

  /** Applies metric definitions made since the last call; the caller holds the lock. */
  private void applyDefinitions() {
    history.applyDefinitions();
  }

  @Override
  public Metric defineMetric(String name) {
    return RealMetric.define(name, d -> {
      synchronized (lock) {
        if (closed) {
          diag.warnOnce("define:closed", "defineMetric: run " + id
              + " is finished; the definition of " + d.definition().name() + " is not recorded");
          return;
        }
        history.defined(d);
      }
    });
  }

  /** Records captured console lines; called by the capture's thread, and by finish. */
  private void recordConsole(List<ConsoleLine> lines) {
    synchronized (lock) {
      if (!closed) {
        log.append(new ConsoleLines(lines));
      }
    }
  }

  private void configChanged(Map<String, Object> changed) {
    if (closed) {
      diag.warnOnce("config:closed", "config: run " + id + " is finished; the change is not recorded");
      return;
    }
    log.append(new ConfigUpdate(changed));
    writeJson(dir.configFile(), config.asMap());
  }

  @Override
  public void save(Path path) {
    save(path, "live");
  }

  @Override
  public void save(Path path, String policy) {
    SavedFiles.Policy p = SavedFiles.check(path, policy);
    if (saveRefused()) {
      return;
    }
    try {
      saved.save(path, p);
    } catch (RuntimeException e) {
      diag.warnOnce("save:error:" + e.getClass().getName(), "save: " + e);
    }
  }

  @Override
  public void save(String glob, Path baseDir, String policy) {
    SavedFiles.Policy p = SavedFiles.check(glob, policy);
    if (saveRefused()) {
      return;
    }
    try {
      saved.save(glob, baseDir, p);
    } catch (RuntimeException e) {
      diag.warnOnce("save:error:" + e.getClass().getName(), "save: " + e);
    }
  }

  private boolean saveRefused() {
    synchronized (lock) {
      if (closed) {
        diag.warnOnce("save:closed", "save: run " + id + " is finished; the file is not saved");
        return true;
      }
      return false;
    }
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public Summary summary() {
    return summary;
  }

  @Override
  public void finish() {
    finish(0);
  }

  @Override
  public void finish(int exitCode) {
    end(exitCode, null);
  }

  @Override
  public void close() {
    finish(0);
  }

  /** Ends the run failed (exit code 1) with the throwable's stack trace as its error. */
  public void finishFailed(Throwable t) {
    String trace = stackTrace(t);
    ConsoleCapture capture = console;
    if (capture != null) {
      // The exception is thrown on and printed only after the run has ended: record it now, as
      // the JVM would print it, so the run's logs show why it failed.
      capture.record(ConsoleLine.STDERR,
          "Exception in thread \"" + Thread.currentThread().getName() + "\" " + trace);
    }
    end(1, trace);
  }

  /** Ends the run from the shutdown hook: failed if an uncaught throwable was seen. */
  void finishAtExit(Throwable uncaught, String signal) {
    diag.debug("finishing at JVM exit" + (uncaught == null ? "" : " after " + uncaught)
        + (signal == null ? "" : " on " + signal));
    if (uncaught != null) {
      end(1, stackTrace(uncaught));
    } else if (signal != null) {
      end(KILLED_EXIT_CODE, "killed by " + signal);
    } else {
      end(0, null);
    }
  }

  /**
   * Someone stopped the run from the UI or API: the options' handler runs, or by default the
   * thread that started the run is interrupted and, if the run is still going 30 s later, it is
   * finished and the JVM exits with 255. On a thread of its own, so the sender goes on.
   */
  private void onStopRequested() {
    stopRequested = true;
    diag.console().line("The run was stopped from the server; stopping the program.");
    Runnable handler = settings.onStop() != null ? settings.onStop() : () -> {
      initThread.interrupt();
      try {
        Thread.sleep(stopGraceMillis());
      } catch (InterruptedException e) {
        return;
      }
      boolean running;
      synchronized (finishLock) {
        running = !finished;
      }
      if (running) { // the program did not end the run itself: end it and the JVM
        end(KILLED_EXIT_CODE, "stopped from the server");
        Runtime.getRuntime().exit(KILLED_EXIT_CODE);
      }
    };
    Thread t = new Thread(() -> {
      try {
        handler.run();
      } catch (RuntimeException e) {
        diag.warn("the stop handler failed: " + e);
      }
    }, "vane-stop-" + id);
    t.setDaemon(true);
    t.start();
  }

  private static long stopGraceMillis() {
    long millis = Long.getLong(STOP_GRACE_PROPERTY, STOP_GRACE_MILLIS);
    return millis > 0 ? millis : STOP_GRACE_MILLIS;
  }

  private void end(int exitCode, String error) {
    if (stopRequested && exitCode == 0) {
      exitCode = KILLED_EXIT_CODE; // a stopped run ends killed however the program then ends
      error = "stopped from the server";
    }
    synchronized (finishLock) {
      if (finished) {
        return;
      }
      finished = true;
      try {
        finishNow(exitCode, error);
      } catch (RuntimeException e) {
        diag.warn("finishing the run failed: " + e);
      } finally {
        ProcessHooks.unregister(this);
        diag.close();
      }
    }
  }

  private void finishNow(int exitCode, String error) {
    if (metadataThread != null) {
      try {
        metadataThread.join(METADATA_WAIT_MILLIS); // its record belongs before the exit record
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (systemSampler != null) {
      systemSampler.stop();
    }
    double runtime = runtime();
    double end = now();
    Map<String, Object> summarySnapshot;
    Map<String, String> sparklines;
    long exitSeq;
    ConsoleCapture capture = console;
    if (capture != null) {
      // Before the exit record: the last lines, an uncaught exception's stack trace among them
      // (the JVM printed it to System.err before the shutdown hook finishes the run), belong in.
      console = null;
      try {
        capture.stop();
      } catch (RuntimeException e) { // the run must still end
        diag.warn("console capture did not stop cleanly: " + e);
      }
    }
    synchronized (lock) {
      history.flush();
      closed = true;
      summarySnapshot = summary.asMap();
      sparklines = history.sparklines();
      writeJson(dir.summaryFile(), summarySnapshot);
      exitSeq = log.append(new RunExit(exitCode, end, runtime, error));
    }
    log.close();
    String lostLine = null;
    if (log.lostRecords() > 0) {
      // The warning came when the first record was lost; this says what it cost in the end.
      lostLine = log.lostRecords() + " record(s) could not be written to the run log and are lost"
          + (log.written(exitSeq) ? "" : ", the end of the run among them: the server will show"
              + " the run crashed");
      diag.debug(lostLine);
    }
    saved.beforeFinalUpload();
    diag.debug("run " + id + " ended with exit code " + exitCode + " after " + log.lastSeq()
        + " records");
    if (exitCode == 0 && resumeFile != null) {
      ResumeFile.delete(resumeFile, diag); // a clean end: the next start is a new run
    }
    Upload upload = sender == null ? null : upload();
    List<String> footer = footer(sparklines, summarySnapshot, upload);
    if (lostLine != null) {
      footer.add(footer.size() - 1, lostLine); // before "Find logs at"
    }
    footer.forEach(diag.console()::line);
  }

  /** What the upload at finish achieved. */
  private record Upload(boolean recordsDone, boolean unreachable, long acked, long total,
      FileUploader.Result files) {}

  private Upload upload() {
    long deadline = System.nanoTime() + settings.finishTimeout().toNanos();
    long total = log.lastSeq();
    sender.markComplete();
    long waitStart = System.nanoTime();
    long lastPrint = waitStart;
    long shown = -1;
    boolean unreachable = false;
    try {
      while (!sender.awaitEnd(Math.min(250, millisUntil(deadline)))) {
        if (millisUntil(deadline) <= 0) {
          break;
        }
        long silentSince = Math.max(waitStart, sender.lastContactNanos());
        if (System.nanoTime() - silentSince > UNREACHABLE_GIVE_UP_NANOS) {
          unreachable = true;
          break;
        }
        long acked = sender.acked();
        if (millisSince(waitStart) >= PROGRESS_AFTER_MILLIS && millisSince(lastPrint) >= 1000
            && acked != shown) {
          diag.console().line("uploading... " + acked + "/" + total + " records");
          shown = acked;
          lastPrint = System.nanoTime();
        }
      }
      boolean done = sender.state() == LogSender.State.DONE;
      sender.stop();
      if (senderThread != null) {
        senderThread.join(2000);
      }
      FileUploader.Result files = null;
      if (done) {
        long filesDeadline = Math.max(deadline, System.nanoTime() + MIN_FILES_NANOS);
        files = FileUploader.upload(api, sender.target(), dir.filesDir(), filesDeadline, diag);
      }
      return new Upload(done, unreachable, sender.acked(), total, files);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.stop();
      return new Upload(false, false, sender.acked(), total, null);
    }
  }

  private List<String> footer(Map<String, String> sparklines, Map<String, Object> summary,
      Upload upload) {
    List<String> lines = TerminalReport.historyAndSummary(sparklines, summary);
    String syncCommand = "vane sync " + TerminalReport.display(dir.dir());
    if (upload == null) {
      lines.add("You can sync this run to the cloud by running:");
      lines.add(syncCommand);
    } else {
      if (url() != null) {
        lines.add("🚀 View run " + name() + " at: " + url());
        lines.add("⭐️ View project at: " + projectUrl());
      }
      if (!upload.recordsDone()) {
        String why = sender.failure() != null ? "the server refused the upload"
            : upload.unreachable() ? "the server at " + settings.baseUrl() + " cannot be reached ("
                + upload.acked() + " of " + upload.total() + " records sent)"
            : "the upload did not finish within " + settings.finishTimeout().toSeconds() + " s ("
                + upload.acked() + " of " + upload.total() + " records sent)";
        lines.add("WARNING " + why + "; the run is saved locally. Upload it with:");
        lines.add(syncCommand);
        diag.debug("upload incomplete: " + why);
      } else {
        lines.add(TerminalReport.synced(upload.files().synced()));
        if (!upload.files().failed().isEmpty()) {
          lines.add("WARNING " + upload.files().failed().size() + " file(s) not uploaded ("
              + String.join(", ", upload.files().failed()) + "). Upload them with:");
          lines.add(syncCommand);
        }
      }
    }
    lines.add("Find logs at: " + TerminalReport.display(dir.logsDir()));
    return lines;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    String n = details.name();
    return n != null ? n : id;
  }

  @Override
  public void setName(String name) {
    recordDetails(details.setName(name));
  }

  @Override
  public String notes() {
    return details.notes();
  }

  @Override
  public void setNotes(String notes) {
    recordDetails(details.setNotes(notes));
  }

  @Override
  public List<String> tags() {
    return details.tags();
  }

  @Override
  public void setTags(String... tags) {
    recordDetails(details.setTags(tags));
  }

  @Override
  public String group() {
    return details.group();
  }

  @Override
  public String jobType() {
    return details.jobType();
  }

  private void recordDetails(DetailsUpdate update) {
    synchronized (lock) {
      if (closed) {
        diag.warnOnce("details:closed",
            "run " + id + " is finished; the change of its details is not recorded");
        return;
      }
      log.append(update);
    }
  }

  @Override
  public String entity() {
    return entity;
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public String path() {
    String e = entity;
    return (e == null ? "" : e) + "/" + project + "/" + id;
  }

  @Override
  public String url() {
    String p = projectUrl();
    return p == null ? null : p + "/runs/" + id;
  }

  private String projectUrl() {
    String e = entity;
    return settings.online() && e != null ? settings.baseUrl() + "/" + e + "/" + project : null;
  }

  @Override
  public Path dir() {
    return dir.dir();
  }

  @Override
  public String toString() {
    return "Run{" + path() + ", " + settings.mode() + ", " + dir.dir() + "}";
  }

  /** Captures the metadata, writes its files and records it; problems are debug lines. */
  private void captureMetadata() {
    try {
      MetadataCapture.Result r = MetadataCapture.capture(startTime,
          Path.of(System.getProperty("user.dir")),
          new MetadataCapture.Parts(settings.captures("git"), settings.captures("diff"),
              settings.captures("requirements"), settings.captures("hardware")),
          diag::debug);
      writeJson(dir.metadataFile(), r.metadata());
      writeText(dir.filesDir().resolve("diff.patch"), r.diff());
      writeText(dir.filesDir().resolve("requirements.txt"), r.requirements());
      synchronized (lock) {
        if (!closed) {
          log.append(new RunMetadata(r.metadata()));
        }
      }
    } catch (RuntimeException e) {
      diag.debug("metadata not captured: " + e);
    }
  }

  private void writeText(Path file, String text) {
    if (text == null) {
      return;
    }
    try {
      java.nio.file.Files.writeString(file, text);
    } catch (IOException e) {
      diag.debug("cannot write " + file + ": " + e);
    }
  }

  private void writeJson(Path file, Object value) {
    try {
      RunDirectory.writeJson(file, value);
    } catch (IOException | RuntimeException e) {
      if (log.writeFailed()) { // the run log's warning said it: the disk is full or failing
        diag.debug("cannot write " + file + ": " + e);
      } else {
        diag.warnOnce("file:" + file.getFileName(), "cannot write " + file + ": " + e);
      }
    }
  }

  private double runtime() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static long millisUntil(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
