package dev.vane.server.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.DatabaseUnavailableException;
import dev.vane.server.store.jdbi.JdbiDatabase;
import dev.vane.server.store.jdbi.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database on PostgreSQL, which several server processes may share. This class holds the
 * PostgreSQL-specific set-up (connection check, pool, migration lock); the stores are the shared
 * Jdbi ones with {@link SqlDialect#POSTGRESQL}, whose row locks serialize the writes that must be
 * serialized. Nothing is serialized in the process: another process could not see it.
 */
public final class PostgresDatabase extends JdbiDatabase {
  /** How long to wait for the server when connecting, in seconds. */
  private static final int CONNECT_TIMEOUT_S = 10;

  /** The advisory lock key under which one process at a time migrates ("vane" in ASCII). */
  private static final long MIGRATION_LOCK = 0x76616e65L;

  private PostgresDatabase(HikariDataSource dataSource) {
    super(dataSource, SqlDialect.POSTGRESQL);
  }

  /**
   * Connects, migrates the schema (creating it in an empty database) and opens a pool.
   *
   * @param url such as {@code jdbc:postgresql://HOST:5432/vane?user=vane&password=...}
   * @throws DatabaseUnavailableException when the URL is malformed or the database cannot be
   *     reached or logged into
   */
  public static PostgresDatabase open(String url) {
    PostgresUrl pg = PostgresUrl.parse(url);
    // One plain connection first: a failure here is reported in one line, before the pool would
    // log a stack trace of its own.
    try (Connection c = new Driver().connect(url, connectProperties())) {
      migrateOnce(c, pg);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "cannot use PostgreSQL at " + pg.description() + ": " + firstLine(e.getMessage()), e);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("vane-postgres");
    config.setJdbcUrl(url);
    config.setDataSourceProperties(connectProperties());
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECT_TIMEOUT_S * 1000L);
    return new PostgresDatabase(new HikariDataSource(config));
  }

  private static Properties connectProperties() {
    Properties p = new Properties();
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_S));
    p.setProperty("ApplicationName", "vane-server");
    // Batched history inserts become multi-row INSERTs: several times fewer round trips.
    p.setProperty("reWriteBatchedInserts", "true");
    return p;
  }

  /**
   * Migrates while holding a session advisory lock, so servers starting at once on an empty
   * database do not race to create Flyway's history table; the later ones find the schema done.
   */
  private static void migrateOnce(Connection c, PostgresUrl pg) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        PGSimpleDataSource flywayConnections = new PGSimpleDataSource();
        flywayConnections.setURL(pg.url());
        flywayConnections.setConnectTimeout(CONNECT_TIMEOUT_S);
        migrate(flywayConnections);
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
