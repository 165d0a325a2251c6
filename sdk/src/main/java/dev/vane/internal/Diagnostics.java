package dev.vane.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a run reports what happens: warnings go to the {@link Console} and the debug log
 * ({@code logs/debug.log}); debug lines only to the debug log. Lines logged before the debug log is
 * opened are kept (a bounded number) and written when it opens. Never throws. Thread-safe.
 */
public final class Diagnostics {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final int MAX_EARLY_LINES = 200;
  private static final int MAX_ONCE_KEYS = 1000;

  private final Console console;
  private final Set<String> warnedOnce = new HashSet<>();
  private boolean overflowed; // guarded by warnedOnce
  private final List<String> early = new ArrayList<>();
  private BufferedWriter debugLog;
  private boolean closed;

  /** Creates diagnostics printing warnings to {@code console}. */
  public Diagnostics(Console console) {
    this.console = console;
  }

  /** The console. */
  public Console console() {
    return console;
  }

  /** Prints a warning and records it in the debug log. */
  public void warn(String message) {
    console.warn(message);
    debug("WARNING " + message);
  }

  /** Like {@link #warn}, but only the first time for {@code onceKey}. */
  public void warnOnce(String onceKey, String message) {
    boolean first = false;
    boolean overflow = false;
    synchronized (warnedOnce) {
      if (warnedOnce.contains(onceKey)) {
        return;
      }
      if (warnedOnce.size() < MAX_ONCE_KEYS) {
        warnedOnce.add(onceKey);
        first = true;
      } else if (!overflowed) {
        overflowed = true;
        overflow = true;
      }
    }
    if (first) {
      warn(message);
    } else if (overflow) {
      warn("too many different warnings; further ones are not shown");
    } else {
      debug("WARNING " + message);
    }
  }

  /** Writes a line to the debug log. */
  public synchronized void debug(String message) {
    String line = LocalDateTime.now().format(TIME) + " " + Thread.currentThread().getName() + " "
        + message;
    if (debugLog == null) {
      if (!closed && early.size() < MAX_EARLY_LINES) {
        early.add(line);
      }
      return;
    }
    try {
      debugLog.write(line);
      debugLog.newLine();
      debugLog.flush();
    } catch (IOException e) {
      closeQuietly();
    }
  }

  /** Opens the debug log file (appending) and writes the lines logged so far. */
  public synchronized void openDebugLog(Path file) {
    try {
      debugLog = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      for (String line : early) {
        debugLog.write(line);
        debugLog.newLine();
      }
      debugLog.flush();
    } catch (IOException e) {
      debugLog = null;
      console.warn("cannot write the debug log " + file + ": " + e.getMessage());
    }
    early.clear();
  }

  /** Closes the debug log; later debug lines are dropped. */
  public synchronized void close() {
    closeQuietly();
    closed = true;
    early.clear();
  }

  private void closeQuietly() {
    if (debugLog != null) {
      try {
        debugLog.close();
      } catch (IOException e) {
        // nothing left to report it to
      }
      debugLog = null;
    }
  }
}
