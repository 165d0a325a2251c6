-- Console output of runs: the lines the program printed to stdout and stderr, numbered from 0 in
-- the order they were recorded. Runs unchanged on SQLite and PostgreSQL. The primary key is the
-- index the logs API pages with (WHERE run_pk = ? AND line >= ? ORDER BY line), and MAX(line)
-- finds the next line number from it too, so a run of millions of lines pages as fast as a short one.
CREATE TABLE console_lines (
  run_pk    BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  line      BIGINT NOT NULL,
  -- stdout or stderr
  stream    TEXT   NOT NULL,
  -- when the line was completed, epoch milliseconds
  at_millis BIGINT NOT NULL,
  text      TEXT   NOT NULL,
  PRIMARY KEY (run_pk, line)
);
