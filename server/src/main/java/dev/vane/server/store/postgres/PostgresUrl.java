package dev.vane.server.store.postgres;

import dev.vane.server.store.DatabaseUnavailableException;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A checked {@code jdbc:postgresql:} URL and a description of it fit for messages: host, port and
 * database, never the user's password.
 *
 * @param url the URL as given
 * @param description such as {@code localhost:5432/vane}
 */
public record PostgresUrl(String url, String description) {
  /** What every accepted URL starts with. */
  public static final String PREFIX = "jdbc:postgresql:";

  /**
   * Parses a URL.
   *
   * @throws DatabaseUnavailableException when it is not a PostgreSQL JDBC URL the driver accepts
   */
  public static PostgresUrl parse(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw malformed(url);
    }
    // The driver's own parser: what it accepts here, it accepts when connecting.
    Properties parsed = Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw malformed(url);
    }
    String hosts = PGProperty.PG_HOST.getOrDefault(parsed);
    String ports = PGProperty.PG_PORT.getOrDefault(parsed);
    String database = PGProperty.PG_DBNAME.getOrDefault(parsed);
    return new PostgresUrl(url, hostPorts(hosts, ports) + "/" + database);
  }

  /** {@code host:port}, or several joined by commas for a multi-host URL. */
  private static String hostPorts(String hosts, String ports) {
    String[] h = hosts.split(",", -1);
    String[] p = ports.split(",", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < h.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(h[i]).append(':').append(i < p.length ? p[i] : p[p.length - 1]);
    }
    return out.toString();
  }

  private static DatabaseUnavailableException malformed(String url) {
    // Only the part before '?' is repeated: the query may hold a password.
    String shown = url == null ? "" : url.split("\\?", 2)[0];
    return new DatabaseUnavailableException(
        "not a PostgreSQL URL: \""
            + shown
            + "\"; expected jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER[&password=...]");
  }
}
