package dev.vane.server.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.jdbi.JdbiDatabase;
import dev.vane.server.store.jdbi.SqlDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database on SQLite: one file in WAL mode (readers do not block the writer), migrated by
 * Flyway. This class holds the SQLite-specific set-up; the stores are the shared Jdbi ones.
 *
 * <p>Write transactions begin {@code IMMEDIATE} (taking SQLite's write lock up front, so a
 * transaction never fails half-way on a lock upgrade) and are serialized in the process, so writers
 * queue on a lock instead of polling SQLite's busy handler. That makes every write transaction
 * exclusive, which is why the stores' lock clauses are empty on SQLite ({@link SqlDialect#SQLITE}).
 * The lock is not fair: a fair one hands the lock to the longest waiter, which must first be
 * scheduled, while the lock sits idle; under 200 runs' ingest on 2 cores those hand-offs tripled
 * the time requests waited for the lock (median ingest latency 12 ms instead of 5). Waiters still
 * queue in order; a thread arriving just as the lock is released may go first.
 *
 * <p>The WAL is copied into the database file by a background thread every {@value
 * #CHECKPOINT_MILLIS} ms ({@code wal_checkpoint(PASSIVE)}), not by SQLite's automatic checkpoint:
 * that one runs inside the commit that crosses 1,000 pages, while the writer holds the write lock,
 * and its {@code fsync} of a growing database file held every queued ingest request for up to
 * seconds (the load benchmark's p99 grew from 0.4 s to 1.8 s over 5 minutes). A passive
 * checkpoint takes no write lock, so writers go on appending meanwhile.
 */
public final class SqliteDatabase extends JdbiDatabase {
  /** How often the background thread checkpoints the WAL. */
  static final long CHECKPOINT_MILLIS = 1_000;
  /** A WAL larger than this is checkpointed to completion, under the write lock. */
  static final long WAL_LIMIT_BYTES = 64L << 20;

  private final ReentrantLock writeLock = new ReentrantLock(false);
  private final HikariDataSource dataSource;
  private final Path file;
  private final ScheduledExecutorService checkpointer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vane-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
          });

  private SqliteDatabase(HikariDataSource dataSource, Path file) {
    super(dataSource, SqlDialect.SQLITE);
    this.dataSource = dataSource;
    this.file = file.toAbsolutePath();
    checkpointer.scheduleWithFixedDelay(
        this::checkpoint, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Copies the WAL into the database file without the write lock, while writers go on. Such a
   * checkpoint rarely completes under steady writes (frames keep arriving), and only a completed
   * one lets the next writer start the WAL over; so once the WAL passes {@value #WAL_LIMIT_BYTES}
   * bytes a second pass, holding the write lock, copies the little added meanwhile and completes
   * it: a short stall now and then instead of one at every 1,000 pages.
   */
  private void checkpoint() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(PASSIVE)");
      Path wal = Path.of(file + "-wal");
      if (java.nio.file.Files.exists(wal) && java.nio.file.Files.size(wal) > WAL_LIMIT_BYTES) {
        writeLock.lock();
        try {
          st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } finally {
          writeLock.unlock();
        }
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      // Tried again in a second; until then the WAL only grows.
    }
  }

  @Override
  public void close() {
    checkpointer.shutdownNow();
    super.close();
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
    // Checkpoints are the background thread's (see above), never a committing writer's.
    config.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
    config.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(config);
    try {
      migrate(ds);
      return new SqliteDatabase(ds, file);
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
