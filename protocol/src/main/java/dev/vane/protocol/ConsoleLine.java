package dev.vane.protocol;

import java.util.Objects;

/**
 * One complete line the run's process printed to its console.
 *
 * @param stream {@code "stdout"} or {@code "stderr"}
 * @param time Unix seconds (fractional) when the line was completed
 * @param text the line without its newline; a carriage-return progress bar keeps only its last
 *     state, ANSI escape sequences are kept verbatim
 */
public record ConsoleLine(String stream, double time, String text) {

  /** The stream name of standard output. */
  public static final String STDOUT = "stdout";

  /** The stream name of standard error. */
  public static final String STDERR = "stderr";

  /** Rejects missing fields, which would make the line unreadable for the logs API. */
  public ConsoleLine {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
  }
}
