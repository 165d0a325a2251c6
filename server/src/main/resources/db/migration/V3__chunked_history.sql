-- History as compressed columnar chunks per (run, key) series; see docs/storage.md.
-- Runs unchanged on SQLite and PostgreSQL: BIGINT, DOUBLE PRECISION, TEXT, BYTEA (SQLite keeps
-- blobs as blobs under any declared type). Replaces the one-JSON-row-per-step table of V1.

DROP TABLE history_rows;

-- One row per (run, key). series_id numbers a run's keys from 1 in order of first appearance.
-- Each batch adds its points as new chunks (readable once committed); the chunks after the last
-- full one form the open region (open_*), compacted into full chunks once it holds 4096 points or
-- 16 chunks.
CREATE TABLE history_series (
  run_pk      BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  series_id   BIGINT  NOT NULL,
  name        TEXT    NOT NULL,
  -- numeric points in chunks
  point_count BIGINT  NOT NULL,
  -- whether history_values may hold points of this series (non-numeric values)
  has_text    BOOLEAN NOT NULL,
  -- the lowest and highest step of any point (numeric or not); NULL before the first
  first_step  BIGINT,
  last_step   BIGINT,
  -- the open region: its first step (NULL when none), points and chunks
  open_from   BIGINT,
  open_count  INTEGER NOT NULL,
  open_chunks INTEGER NOT NULL,
  PRIMARY KEY (run_pk, series_id),
  UNIQUE (run_pk, name)
);

-- Sealed chunks: up to 4096 points of one numeric kind, steps not overlapping other chunks of the
-- series. A chunk's bytes are split in two: block_stats (its header: the statistics and offsets of
-- its 256-point blocks, ~0.5 KB) and data (the encoded blocks). Charts read the columns and
-- block_stats only; data is read to decode. NaN is kept as NULL (SQLite cannot store NaN):
-- min/max NULL means every value is NaN.
CREATE TABLE history_chunks (
  run_pk      BIGINT           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  series_id   BIGINT           NOT NULL,
  min_step    BIGINT           NOT NULL,
  max_step    BIGINT           NOT NULL,
  point_count INTEGER          NOT NULL,
  kind        SMALLINT         NOT NULL,
  min_value   DOUBLE PRECISION,
  max_value   DOUBLE PRECISION,
  first_value DOUBLE PRECISION,
  last_value  DOUBLE PRECISION,
  block_stats BYTEA            NOT NULL,
  data        BYTEA            NOT NULL,
  PRIMARY KEY (run_pk, series_id, min_step)
);

-- Non-numeric points (strings, booleans, null, big numbers) as JSON, one row each.
CREATE TABLE history_values (
  run_pk     BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  series_id  BIGINT NOT NULL,
  step       BIGINT NOT NULL,
  value_json TEXT   NOT NULL,
  PRIMARY KEY (run_pk, series_id, step)
);
