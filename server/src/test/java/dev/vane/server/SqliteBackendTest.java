package dev.vane.server;

import java.nio.file.Path;

/** The backend contract on SQLite: a fresh database file per test. */
class SqliteBackendTest extends BackendContract {
  @Override
  ServerOptions freshServer(Path dataDir) {
    return new ServerOptions("127.0.0.1", 0, dataDir);
  }
}
