package dev.vane.server.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.Database;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The database on SQLite: one file in WAL mode (readers do not block the writer), migrated by
 * Flyway from {@code db/migration}. This class holds the SQLite-specific set-up; the stores behind
 * {@link JdbiStores} use SQL that PostgreSQL runs too.
 *
 * <p>Write transactions begin {@code IMMEDIATE} (taking SQLite's write lock up front, so a
 * transaction never fails half-way on a lock upgrade) and are serialized in the process, so writers
 * queue on a fair lock instead of polling SQLite's busy handler.
 */
public final class SqliteDatabase implements Database {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private SqliteDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
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
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
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
      return jdbi.inTransaction(handle -> work.run(new JdbiStores(handle)));
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(Work<T> work) {
    return jdbi.withHandle(handle -> work.run(new JdbiStores(handle)));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
