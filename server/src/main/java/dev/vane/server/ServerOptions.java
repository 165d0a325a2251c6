package dev.vane.server;

import java.nio.file.Path;
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
 */
public record ServerOptions(String host, int port, Path dataDir, String databaseUrl) {

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
  }

  /** Options for SQLite at {@code DATA/vane.db}. */
  public ServerOptions(String host, int port, Path dataDir) {
    this(host, port, dataDir, null);
  }
}
