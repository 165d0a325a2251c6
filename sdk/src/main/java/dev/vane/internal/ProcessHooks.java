package dev.vane.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finishes runs the program did not finish: a JVM shutdown hook ends every active run, failed
 * (exit code 1, with the stack trace) when an uncaught exception was seen, killed (exit code 255,
 * as W&B maps Ctrl+C) when a signal (SIGTERM, SIGINT, SIGHUP) ends the JVM, finished otherwise. The
 * uncaught exceptions are seen by a default uncaught exception handler that wraps the previous one
 * (or, without one, prints the stack trace as the JVM does) and remembers the throwable.
 * Installed once, when the first run starts.
 */
final class ProcessHooks {
  private static final Set<RealRun> ACTIVE = ConcurrentHashMap.newKeySet();
  private static volatile Throwable uncaught;
  private static boolean installed;

  private ProcessHooks() {}

  static void register(RealRun run) {
    install();
    ACTIVE.add(run);
  }

  static void unregister(RealRun run) {
    ACTIVE.remove(run);
  }

  /** The last uncaught throwable seen, or {@code null}. */
  static Throwable uncaught() {
    return uncaught;
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      uncaught = error;
      if (previous != null) {
        previous.uncaughtException(thread, error);
      } else {
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        error.printStackTrace(System.err);
      }
    });
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(ProcessHooks::finishAll, "vane-shutdown"));
    } catch (IllegalStateException | SecurityException e) {
      // the JVM is already shutting down, or hooks are not allowed: runs must be finished by hand
    }
  }

  /** Finishes every active run; what the shutdown hook runs. */
  static void finishAll() {
    Throwable t = uncaught;
    String signal = t == null ? exitSignal() : null;
    for (RealRun run : List.copyOf(ACTIVE)) {
      run.finishAtExit(t, signal);
    }
  }

  /**
   * The signal that is ending the JVM, or {@code null} for a normal exit. The JVM runs the exit of
   * a SIGTERM, SIGINT or SIGHUP on a thread of its own named {@code SIGTERM handler} (and so on),
   * alive while the shutdown hooks run; looking for it needs no internal API.
   */
  static String exitSignal() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("SIG") && name.endsWith(" handler") && thread.isAlive()) {
        return name.substring(0, name.length() - " handler".length());
      }
    }
    return null;
  }
}
