package dev.vane.server.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.DatabaseUnavailableException;
import dev.vane.server.store.jdbi.JdbiDatabase;
import dev.vane.server.store.jdbi.SqlDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;
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
      requireSchemaRights(c, pg);
      migrateOnce(c, pg);
    } catch (SQLException | FlywayException e) {
      // FlywayException: the schema cannot be created, say for want of the CREATE privilege.
      throw new DatabaseUnavailableException(
          "cannot use PostgreSQL at " + pg.description() + ": " + rootCause(e), e);
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
   * Refuses an empty database the user may not create tables in, in words: Flyway would retry for
   * ten seconds and then report the failed SQL.
   */
  private static void requireSchemaRights(Connection c, PostgresUrl pg) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT to_regclass('flyway_schema_history') IS NOT NULL, current_schema(),"
                    + " current_user, current_schema() IS NOT NULL"
                    + " AND has_schema_privilege(current_schema(), 'CREATE')")) {
      rs.next();
      boolean migrated = rs.getBoolean(1);
      if (!migrated && !rs.getBoolean(4)) {
        throw new DatabaseUnavailableException(
            "cannot use PostgreSQL at "
                + pg.description()
                + ": user \""
                + rs.getString(3)
                + "\" may not create tables in schema "
                + (rs.getString(2) == null ? "(none on the search path)" : rs.getString(2))
                + "; grant it CREATE on the schema, or start the server once as the owner");
      }
    }
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

  /**
   * The first line of the innermost database error (Flyway wraps it in a report of many lines), or
   * of the exception itself.
   */
  private static String rootCause(Exception e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
