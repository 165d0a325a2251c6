package dev.vane.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server listens and keeps its data.
 *
 * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port; 0 picks a free one (see {@link VaneServer#port()})
 * @param dataDir the data folder: {@code vane.db}, {@code files/} and {@code admin-api-key};
 *     created when missing
 */
public record ServerOptions(String host, int port, Path dataDir) {

  /** Checks the values. */
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
  }
}
