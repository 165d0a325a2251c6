package dev.vane.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract on a real PostgreSQL: one server for the class, a fresh database per use.
 */
class PostgresBackendTest extends BackendContract {
  static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Override
  ServerOptions freshServer(Path dataDir) {
    return new ServerOptions("127.0.0.1", 0, dataDir, postgres.freshDatabaseUrl());
  }
}
