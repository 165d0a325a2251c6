package dev.vane.server.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.jdbi.JdbiDatabase;
import dev.vane.server.store.jdbi.SqlDialect;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database on SQLite: one file in WAL mode (readers do not block the writer), migrated by
 * Flyway. This class holds the SQLite-specific set-up; the stores are the shared Jdbi ones.
 *
 * <p>Write transactions begin {@code IMMEDIATE} (taking SQLite's write lock up front, so a
 * transaction never fails half-way on a lock upgrade) and are serialized in the process, so writers
 * queue on a fair lock instead of polling SQLite's busy handler. That makes every write transaction
 * exclusive, which is why the stores' lock clauses are empty on SQLite ({@link SqlDialect#SQLITE}).
 */
public final class SqliteDatabase extends JdbiDatabase {
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private SqliteDatabase(HikariDataSource dataSource) {
    super(dataSource, SqlDialect.SQLITE);
  }

  /** Opens (creating when missing) and migrates the database file. */
  public static SqliteDatabase open(Path file) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("vane-sqlite");
    config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    // sqlite-jdbc applies these connection properties as PRAGMAs on every new connection.
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "NORMAL");
    config.addDataSourceProperty("busy_timeout", "5000");
    config.addDataSourceProperty("foreign_keys", "true");
    config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    config.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(config);
    try {
      migrate(ds);
      return new SqliteDatabase(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  @Override
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      return super.write(work);
    } finally {
      writeLock.unlock();
    }
  }
}
