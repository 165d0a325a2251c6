package dev.vane.bench;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL baseline of the ingest benchmark: one row per point, {@code (run_id, key, step,
 * value)} with an index on {@code (run_id, key, step)}, loaded with {@code COPY} (the fastest way
 * to put rows into PostgreSQL) in chunks of 100,000 rows.
 */
final class PostgresRowBaseline implements AutoCloseable {
  private final Connection db;

  PostgresRowBaseline(String jdbcUrl) throws SQLException {
    db = DriverManager.getConnection(jdbcUrl);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE metrics (run_id TEXT NOT NULL, key TEXT NOT NULL,"
          + " step BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)");
      s.execute("CREATE INDEX metrics_by_series ON metrics (run_id, key, step)");
    }
  }

  /** Copies {@code keys x steps} points in; returns the seconds it took. */
  double copy(String runId, String[] keys, long steps, RowTableBaseline.Points points)
      throws SQLException, IOException {
    long start = System.nanoTime();
    var copier = db.unwrap(PGConnection.class).getCopyAPI();
    long chunk = Math.max(1, 100_000 / keys.length);
    for (long from = 0; from < steps; from += chunk) {
      StringBuilder text = new StringBuilder();
      for (long step = from; step < Math.min(steps, from + chunk); step++) {
        for (int k = 0; k < keys.length; k++) {
          text.append(runId).append('\t').append(keys[k]).append('\t').append(step).append('\t')
              .append(points.value(k, step)).append('\n');
        }
      }
      try (Reader in = new java.io.StringReader(text.toString())) {
        copier.copyIn("COPY metrics (run_id, key, step, value) FROM STDIN", in);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
