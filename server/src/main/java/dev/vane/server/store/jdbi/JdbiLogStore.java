package dev.vane.server.store.jdbi;

import dev.vane.server.store.LogLine;
import dev.vane.server.store.LogStore;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Console lines in {@code console_lines}; every query goes through its primary key. */
final class JdbiLogStore implements LogStore {
  private static final RowMapper<LogLine> LINE =
      (rs, ctx) ->
          new LogLine(
              rs.getLong("line"),
              rs.getString("stream"),
              rs.getLong("at_millis"),
              rs.getString("text"));

  /** Rows per JDBC batch: bounds the statement's memory for a record of thousands of lines. */
  private static final int BATCH = 1000;

  private final Handle handle;

  JdbiLogStore(Handle handle) {
    this.handle = handle;
  }

  @Override
  public long count(long runPk) {
    return handle
        .createQuery("SELECT COALESCE(MAX(line) + 1, 0) FROM console_lines WHERE run_pk = :run")
        .bind("run", runPk)
        .mapTo(Long.class)
        .one();
  }

  @Override
  public void append(long runPk, List<LogLine> lines) {
    for (int from = 0; from < lines.size(); from += BATCH) {
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO console_lines (run_pk, line, stream, at_millis, text)"
                  + " VALUES (:run, :line, :stream, :at, :text)");
      for (LogLine l : lines.subList(from, Math.min(lines.size(), from + BATCH))) {
        batch
            .bind("run", runPk)
            .bind("line", l.line())
            .bind("stream", l.stream())
            .bind("at", l.atMillis())
            // PostgreSQL text cannot hold NUL; a program may print one.
            .bind("text", l.text().indexOf('\0') < 0 ? l.text() : l.text().replace('\0', '\uFFFD'))
            .add();
      }
      batch.execute();
    }
  }

  @Override
  public List<LogLine> page(long runPk, long offset, int limit) {
    return handle
        .createQuery(
            "SELECT line, stream, at_millis, text FROM console_lines"
                + " WHERE run_pk = :run AND line >= :from ORDER BY line LIMIT :limit")
        .bind("run", runPk)
        .bind("from", offset)
        .bind("limit", limit)
        .map(LINE)
        .list();
  }

  @Override
  public void deleteAll(long runPk) {
    handle
        .createUpdate("DELETE FROM console_lines WHERE run_pk = :run")
        .bind("run", runPk)
        .execute();
  }
}
