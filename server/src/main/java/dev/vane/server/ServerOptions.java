package dev.vane.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the server listens and keeps its data.
 *
 * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port; 0 picks a free one (see {@link VaneServer#port()})
 * @param dataDir the data folder: {@code vane.db} (SQLite only), {@code files/} and {@code
 *     admin-api-key}; created when missing
 * @param databaseUrl a {@code jdbc:postgresql:} URL to keep the database in PostgreSQL, or {@code
 *     null} for SQLite at {@code DATA/vane.db}. Run files stay in the data folder either way, so
 *     servers sharing a PostgreSQL database share the data folder too (a network file system) if
 *     each is to serve every run's files.
 * @param crashAfter how long a running run may go without a heartbeat before it is marked {@code
 *     crashed} (default {@link #DEFAULT_CRASH_AFTER})
 */
public record ServerOptions(
    String host, int port, Path dataDir, String databaseUrl, Duration crashAfter) {

  /** The default crash timeout: five minutes, as W&B. */
  public static final Duration DEFAULT_CRASH_AFTER = Duration.ofMinutes(5);

  /** Checks the values. */
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    if (databaseUrl != null && databaseUrl.isBlank()) {
      throw new IllegalArgumentException("the database URL is blank; leave it out for SQLite");
    }
    Objects.requireNonNull(crashAfter, "crashAfter");
    if (crashAfter.toMillis() <= 0) {
      throw new IllegalArgumentException("the crash timeout must be positive: " + crashAfter);
    }
  }

  /** Options with the default crash timeout. */
  public ServerOptions(String host, int port, Path dataDir, String databaseUrl) {
    this(host, port, dataDir, databaseUrl, DEFAULT_CRASH_AFTER);
  }

  /** Options for SQLite at {@code DATA/vane.db}. */
  public ServerOptions(String host, int port, Path dataDir) {
    this(host, port, dataDir, null);
  }

  /**
   * Reads a duration such as {@code 300s}, {@code 5m}, {@code 90s}, {@code 1h} or {@code 500ms}
   * (a whole number and a unit: ms, s, m or h).
   *
   * @throws IllegalArgumentException when the text is not such a duration or not positive
   */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: \"" + text + "\" (write a number and a unit, such as 300s, 5m or 1h)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new IllegalArgumentException("the duration must be positive: \"" + text + "\"");
    }
    return d;
  }
}
