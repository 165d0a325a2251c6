-- System metrics (system.cpu, system.gpu.0.temp, ...; docs/sdk.md) in the same chunked columnar
-- layout as history (V3; docs/storage.md), in tables of their own so that they never show up in
-- history rows, keys or samples. The "step" of a point is its runtime in milliseconds: a series is
-- ordered by time, and a resumed run's samples go on after the earlier ones. Forks and rewinds do
-- not carry system metrics (as in W&B), so there is no lineage here.
-- Runs unchanged on SQLite and PostgreSQL.

CREATE TABLE system_series (
  run_pk      BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  series_id   BIGINT  NOT NULL,
  name        TEXT    NOT NULL,
  point_count BIGINT  NOT NULL,
  has_text    BOOLEAN NOT NULL,
  first_step  BIGINT,
  last_step   BIGINT,
  open_from   BIGINT,
  open_count  INTEGER NOT NULL,
  open_chunks INTEGER NOT NULL,
  PRIMARY KEY (run_pk, series_id),
  UNIQUE (run_pk, name)
);

CREATE TABLE system_chunks (
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

-- Only a sample with a non-numeric value would land here; the SDK sends numbers.
CREATE TABLE system_values (
  run_pk     BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  series_id  BIGINT NOT NULL,
  step       BIGINT NOT NULL,
  value_json TEXT   NOT NULL,
  PRIMARY KEY (run_pk, series_id, step)
);
