package dev.vane.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Vane's terminal output: lines prefixed {@code vane: }, UTF-8 whatever the platform charset, or
 * nothing at all when silenced.
 */
public final class Console {
  /** The prefix of every line. */
  public static final String PREFIX = "vane: ";

  private final PrintStream out;
  private final boolean silent;

  /**
   * Creates a console writing to {@code target} (usually {@link System#err}); the bytes written
   * are UTF-8.
   */
  public Console(PrintStream target, boolean silent) {
    this.out = new PrintStream(target, true, StandardCharsets.UTF_8);
    this.silent = silent;
  }

  /** Whether output is silenced. */
  public boolean silent() {
    return silent;
  }

  /** Prints one line, prefixed. */
  public void line(String text) {
    if (!silent) {
      synchronized (out) {
        out.print(PREFIX + text + System.lineSeparator());
        out.flush();
      }
    }
  }

  /** Prints a warning line: {@code vane: WARNING text}. */
  public void warn(String text) {
    line("WARNING " + text);
  }
}
