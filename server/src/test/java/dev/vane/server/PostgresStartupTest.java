package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.server.store.DatabaseUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting on PostgreSQL: a bad URL or an unreachable database is one clear line, no secrets. */
class PostgresStartupTest {
  static TestPostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void anEmptyDatabaseIsMigratedAndTheServerSaysWhichDatabaseItUses() {
    String url = postgres.emptyDatabaseUrl();
    try (VaneServer server = VaneServer.start(new ServerOptions("127.0.0.1", 0, dir, url))) {
      assertTrue(server.initialAdminKey().isPresent());
      assertEquals(
          "PostgreSQL localhost:" + postgres.port() + "/" + url.replaceAll(".*/(\\w+)\\?.*", "$1"),
          server.databaseDescription());
      assertFalse(Files.exists(dir.resolve("vane.db")), "no SQLite file beside PostgreSQL");
    }
  }

  @Test
  void aMalformedUrlIsOneLineWithoutThePassword() {
    for (String url :
        new String[] {
          "postgresql://localhost/vane?password=hunter2",
          "jdbc:mysql://localhost/vane?password=hunter2",
          "jdbc:postgresql://localhost:notaport/vane?password=hunter2"
        }) {
      DatabaseUnavailableException e =
          assertThrows(DatabaseUnavailableException.class, () -> start(url));
      assertOneLineWithoutSecret(e);
      assertTrue(e.getMessage().startsWith("not a PostgreSQL URL"), e.getMessage());
    }
  }

  @Test
  void anUnreachableServerIsOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DatabaseUnavailableException e =
        assertThrows(
            DatabaseUnavailableException.class,
            () -> start("jdbc:postgresql://127.0.0.1:" + closedPort + "/vane?password=hunter2"));
    assertOneLineWithoutSecret(e);
    assertTrue(
        e.getMessage().startsWith("cannot use PostgreSQL at 127.0.0.1:" + closedPort + "/vane: "),
        e.getMessage());
  }

  @Test
  void aMissingDatabaseIsOneLine() {
    DatabaseUnavailableException e =
        assertThrows(DatabaseUnavailableException.class, () -> start(postgres.url("no_such_db")));
    assertOneLineWithoutSecret(e);
    assertTrue(e.getMessage().contains("no_such_db"), e.getMessage());
  }

  @Test
  void aUserWhoMayNotCreateTablesIsOneLine() throws Exception {
    String url = postgres.emptyDatabaseUrl();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE ROLE reader LOGIN");
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
    DatabaseUnavailableException e =
        assertThrows(
            DatabaseUnavailableException.class,
            () -> start(url.replace("user=postgres", "user=reader")));
    assertOneLineWithoutSecret(e);
    assertTrue(e.getMessage().contains("user \"reader\" may not create tables"), e.getMessage());
  }

  private void start(String url) {
    VaneServer.start(new ServerOptions("127.0.0.1", 0, dir, url)).close();
  }

  private static void assertOneLineWithoutSecret(Exception e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
