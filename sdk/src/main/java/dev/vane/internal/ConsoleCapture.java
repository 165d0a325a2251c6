package dev.vane.internal;

import dev.vane.protocol.ConsoleLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Copies what the program prints to {@code System.out} and {@code System.err} into a run. Both
 * streams are replaced by tee streams that first write every byte through to the original stream,
 * at once and unchanged (the terminal shows exactly what it would without Vane), and then hand the
 * bytes to a {@link ConsoleLineSplitter}. Complete lines wait in a bounded queue; a daemon thread
 * takes them every {@link #DRAIN_MILLIS}, appends them to {@code files/output.log} and hands them
 * to the run in batches, which records them as console records. The printing thread never waits
 * for a file or the network.
 *
 * <p>Vane's own terminal lines ({@code vane: ...}) are not captured: the run prints them to the
 * stream it was started with, the original one (see {@link #original(PrintStream)}).
 *
 * <p>One capture at a time: a second run started while one captures does not capture.
 */
final class ConsoleCapture {
  /** How often captured lines are written and recorded. */
  static final long DRAIN_MILLIS = 200;
  /** How long an unfinished line (a prompt without newline) waits before it is recorded. */
  static final long IDLE_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
  /**
   * How many lines may wait for the drain thread. Beyond that lines are dropped (and counted), so
   * a program printing faster than they can be recorded cannot fill the heap.
   */
  static final int MAX_PENDING = 200_000;
  /** The most lines in one console record. */
  static final int MAX_BATCH_LINES = 5000;
  /**
   * The most characters in one console record: well below the 16 MiB frame limit even when every
   * character is a control character that JSON writes as six bytes.
   */
  static final int MAX_BATCH_CHARS = 1 << 20;

  private static ConsoleCapture active; // guarded by ConsoleCapture.class

  private final String runId;
  private final Consumer<List<ConsoleLine>> records;
  private final Diagnostics diag;
  private final PrintStream originalOut;
  private final PrintStream originalErr;
  private final PrintStream teeOut;
  private final PrintStream teeErr;
  private final ConsoleLineSplitter outLines;
  private final ConsoleLineSplitter errLines;
  private final Object queueLock = new Object();
  private List<ConsoleLine> pending = new ArrayList<>(); // guarded by queueLock
  private long dropped; // guarded by queueLock
  private boolean stopped; // guarded by queueLock
  private final Writer outputLog; // used by one thread at a time: the drain thread, then stop()
  private final Thread drainer;
  private final Object drainLock = new Object();
  /** Wakes the drain thread to end; never interrupt it, see {@link #stop()}. */
  private final Object wake = new Object();
  private volatile boolean running = true;

  private ConsoleCapture(String runId, Path outputLog, Consumer<List<ConsoleLine>> records,
      Diagnostics diag) {
    this.runId = runId;
    this.records = records;
    this.diag = diag;
    this.originalOut = System.out;
    this.originalErr = System.err;
    Charset outCharset = streamCharset("stdout");
    Charset errCharset = streamCharset("stderr");
    this.outLines = new ConsoleLineSplitter(ConsoleLine.STDOUT, outCharset, this::add);
    this.errLines = new ConsoleLineSplitter(ConsoleLine.STDERR, errCharset, this::add);
    // Autoflush as the JVM's own System.out and System.err: each print reaches the terminal now.
    this.teeOut = new PrintStream(new Tee(originalOut, outLines), true, outCharset);
    this.teeErr = new PrintStream(new Tee(originalErr, errLines), true, errCharset);
    this.outputLog = openOutputLog(outputLog);
    this.drainer = new Thread(this::drainLoop, "vane-console-" + runId);
    drainer.setDaemon(true);
  }

  /**
   * Starts capturing for a run, or returns {@code null} when another run already captures.
   *
   * @param outputLog the file the lines are appended to ({@code files/output.log})
   * @param records receives batches of lines, oldest first, to record; called by one thread at a
   *     time
   */
  static ConsoleCapture start(String runId, Path outputLog, Consumer<List<ConsoleLine>> records,
      Diagnostics diag) {
    synchronized (ConsoleCapture.class) {
      if (active != null) {
        diag.debug("run " + runId + " does not capture the console: run " + active.runId
            + " does");
        return null;
      }
      ConsoleCapture capture = new ConsoleCapture(runId, outputLog, records, diag);
      active = capture;
      System.setOut(capture.teeOut);
      System.setErr(capture.teeErr);
      capture.drainer.start();
      diag.debug("capturing stdout and stderr into " + outputLog);
      return capture;
    }
  }

  /**
   * The stream a capture replaced if {@code stream} is one of its tee streams, else {@code stream}
   * itself: where Vane prints its own lines, so they are neither captured nor printed twice.
   */
  static PrintStream original(PrintStream stream) {
    synchronized (ConsoleCapture.class) {
      if (active != null) {
        if (stream == active.teeOut) {
          return active.originalOut;
        }
        if (stream == active.teeErr) {
          return active.originalErr;
        }
      }
      return stream;
    }
  }

  /**
   * Stops capturing: puts the original streams back (unless the program has replaced them since,
   * which is left alone; the tee streams then just pass through), records the unfinished lines
   * and everything still queued, and closes {@code output.log}. Called once, by finish.
   */
  void stop() {
    synchronized (ConsoleCapture.class) {
      if (System.out == teeOut) {
        System.setOut(originalOut);
      }
      if (System.err == teeErr) {
        System.setErr(originalErr);
      }
      if (active == this) {
        active = null;
      }
    }
    outLines.flush();
    errLines.flush();
    synchronized (queueLock) {
      stopped = true;
    }
    // Not an interrupt: one landing while the thread writes the run log or output.log would
    // close their file channels (ClosedByInterruptException) and lose the rest of the run.
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      drainer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (drainLock) {
      drain();
      closeOutputLog();
    }
  }

  /**
   * Records text as lines of a stream without printing it: for what will be printed only after
   * capture has ended.
   */
  void record(String stream, String text) {
    for (String line : text.split("\r?\n", -1)) {
      if (!line.isEmpty()) {
        add(stream, line);
      }
    }
  }

  /** Called by the splitters, under their lock, on the printing thread: must be quick. */
  private void add(String stream, String text) {
    ConsoleLine line = new ConsoleLine(stream, System.currentTimeMillis() / 1000.0, text);
    synchronized (queueLock) {
      if (stopped) {
        return;
      }
      if (pending.size() >= MAX_PENDING) {
        dropped++;
        return;
      }
      pending.add(line);
    }
  }

  private void drainLoop() {
    while (running) {
      synchronized (wake) {
        try {
          wake.wait(DRAIN_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return; // stop() drains what is left
      }
      try {
        outLines.flushIfIdle(IDLE_FLUSH_NANOS);
        errLines.flushIfIdle(IDLE_FLUSH_NANOS);
        synchronized (drainLock) {
          drain();
        }
      } catch (RuntimeException e) {
        diag.warnOnce("console:drain", "console capture: " + e);
      }
    }
  }

  /** Writes and records the queued lines; the caller holds {@link #drainLock}. */
  private void drain() {
    List<ConsoleLine> lines;
    long lost;
    synchronized (queueLock) {
      if (pending.isEmpty() && dropped == 0) {
        return;
      }
      lines = pending;
      pending = new ArrayList<>();
      lost = dropped;
      dropped = 0;
    }
    if (lost > 0) {
      diag.warnOnce("console:dropped", "the program prints faster than its console output can"
          + " be recorded; some lines are missing from the run's logs (they were printed)");
      diag.debug(lost + " console lines dropped");
    }
    writeOutputLog(lines);
    int from = 0;
    int chars = 0;
    for (int i = 0; i < lines.size(); i++) {
      chars += lines.get(i).text().length();
      if (i + 1 - from >= MAX_BATCH_LINES || chars >= MAX_BATCH_CHARS || i + 1 == lines.size()) {
        try {
          records.accept(List.copyOf(lines.subList(from, i + 1)));
        } catch (RuntimeException e) {
          diag.warnOnce("console:record", "cannot record console lines: " + e);
        }
        from = i + 1;
        chars = 0;
      }
    }
  }

  private Writer openOutputLog(Path file) {
    try {
      return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      diag.warnOnce("console:file", "cannot write " + file + ": " + e);
      return null;
    }
  }

  private void writeOutputLog(List<ConsoleLine> lines) {
    if (outputLog == null) {
      return;
    }
    try {
      for (ConsoleLine line : lines) {
        outputLog.write(line.text());
        outputLog.write('\n');
      }
      outputLog.flush();
    } catch (IOException e) {
      diag.warnOnce("console:file", "cannot write output.log: " + e);
    }
  }

  private void closeOutputLog() {
    if (outputLog != null) {
      try {
        outputLog.close();
      } catch (IOException e) {
        diag.warnOnce("console:file", "cannot write output.log: " + e);
      }
    }
  }

  /**
   * The charset the JVM encodes {@code System.out} or {@code System.err} with: the tee encodes
   * with the same one, so the terminal gets the bytes it would have got.
   */
  static Charset streamCharset(String stream) {
    for (String property : new String[] {stream + ".encoding", "sun." + stream + ".encoding"}) {
      String name = System.getProperty(property);
      if (name != null) {
        try {
          return Charset.forName(name);
        } catch (RuntimeException e) {
          // an unknown name: try the next
        }
      }
    }
    return Charset.defaultCharset();
  }

  /**
   * Writes through to the original stream first, then to the line splitter; a failure of the
   * splitter never reaches the program.
   */
  private static final class Tee extends OutputStream {
    private final PrintStream target;
    private final ConsoleLineSplitter lines;

    Tee(PrintStream target, ConsoleLineSplitter lines) {
      this.target = target;
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      target.write(b);
      try {
        lines.write(b);
      } catch (RuntimeException e) {
        // never let capture break printing
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.write(b, off, len);
      try {
        lines.write(b, off, len);
      } catch (RuntimeException e) {
        // never let capture break printing
      }
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {
      target.close();
    }
  }
}
