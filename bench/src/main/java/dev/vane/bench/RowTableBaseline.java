package dev.vane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline every history benchmark is compared with: one SQL row per point,
 * {@code (run_id, key, step, value)} with an index on {@code (run_id, key, step)}, in SQLite (WAL,
 * synchronous=NORMAL), written with batched JDBC inserts of 10,000 rows per transaction. That is how
 * MLflow stores metrics.
 */
final class RowTableBaseline implements AutoCloseable {
  private final Path file;
  private final Connection db;

  RowTableBaseline(Path file) throws SQLException {
    this.file = file;
    this.db = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("CREATE TABLE metrics (run_id TEXT NOT NULL, key TEXT NOT NULL,"
          + " step BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)");
      s.execute("CREATE INDEX metrics_by_series ON metrics (run_id, key, step)");
    }
    db.setAutoCommit(false);
  }

  /** A value source: the value of {@code key} at {@code step}. */
  interface Points {
    double value(int key, long step);
  }

  /** Inserts {@code keys x steps} points; returns the seconds it took. */
  double insert(String runId, String[] keys, long steps, Points points) throws SQLException {
    long start = System.nanoTime();
    try (PreparedStatement ps = db.prepareStatement(
        "INSERT INTO metrics (run_id, key, step, value) VALUES (?, ?, ?, ?)")) {
      int pending = 0;
      for (long step = 0; step < steps; step++) {
        for (int k = 0; k < keys.length; k++) {
          ps.setString(1, runId);
          ps.setString(2, keys[k]);
          ps.setLong(3, step);
          ps.setDouble(4, points.value(k, step));
          ps.addBatch();
          if (++pending == 10_000) {
            ps.executeBatch();
            db.commit();
            pending = 0;
          }
        }
      }
      ps.executeBatch();
      db.commit();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The chart query of the row table: min, max and count per bucket of {@code width} steps (the
   * last value needs a second query; it is left out, which favours the baseline).
   *
   * @return the number of buckets
   */
  int bucketed(String runId, String key, long width) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT step / ? AS b, min(value), max(value), count(*) FROM metrics"
            + " WHERE run_id = ? AND key = ? GROUP BY b ORDER BY b")) {
      ps.setLong(1, width);
      ps.setString(2, runId);
      ps.setString(3, key);
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      db.commit();
      return n;
    }
  }

  /** Bytes of the database file after a checkpoint. */
  long bytesOnDisk() throws Exception {
    try (Statement s = db.createStatement()) {
      db.commit();
      db.setAutoCommit(true);
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      db.setAutoCommit(false);
    }
    return Files.size(file);
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
