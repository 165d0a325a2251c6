-- Vane schema, version 1.
--
-- Written to run unchanged on SQLite and PostgreSQL: ids are BIGINT assigned by the server from
-- id_sequences (no AUTOINCREMENT / SERIAL), timestamps are BIGINT Unix epoch milliseconds, JSON is
-- TEXT, booleans are BOOLEAN (SQLite stores 0/1). "group" is a reserved word, hence group_name.

-- The next id of each table. One row per table; a writer bumps next_value inside its transaction.
CREATE TABLE id_sequences (
  name       VARCHAR(64) NOT NULL PRIMARY KEY,
  next_value BIGINT      NOT NULL
);
INSERT INTO id_sequences (name, next_value) VALUES ('users', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('api_keys', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('entities', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('projects', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('runs', 1);

CREATE TABLE users (
  id         BIGINT       NOT NULL PRIMARY KEY,
  name       VARCHAR(128) NOT NULL UNIQUE,
  is_admin   BOOLEAN      NOT NULL,
  created_at BIGINT       NOT NULL
);

-- Only the SHA-256 (hex) of each key is stored; the plain key is shown once.
CREATE TABLE api_keys (
  id         BIGINT   NOT NULL PRIMARY KEY,
  user_id    BIGINT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key_hash   CHAR(64) NOT NULL UNIQUE,
  created_at BIGINT   NOT NULL
);

-- Users and (later) teams own projects through an entity of the same name.
CREATE TABLE entities (
  id         BIGINT       NOT NULL PRIMARY KEY,
  name       VARCHAR(128) NOT NULL UNIQUE,
  created_at BIGINT       NOT NULL
);

CREATE TABLE projects (
  id          BIGINT       NOT NULL PRIMARY KEY,
  entity_id   BIGINT       NOT NULL REFERENCES entities (id),
  name        VARCHAR(128) NOT NULL,
  -- runs ever created in the project, deleted ones included: the N of generated run names
  run_counter BIGINT       NOT NULL,
  created_at  BIGINT       NOT NULL,
  UNIQUE (entity_id, name)
);

CREATE TABLE runs (
  id             BIGINT      NOT NULL PRIMARY KEY,
  project_id     BIGINT      NOT NULL REFERENCES projects (id),
  run_id         VARCHAR(64) NOT NULL,
  name           TEXT        NOT NULL,
  state          VARCHAR(16) NOT NULL,
  config_json    TEXT        NOT NULL,
  summary_json   TEXT        NOT NULL,
  tags_json      TEXT        NOT NULL,
  notes          TEXT,
  group_name     TEXT,
  job_type       TEXT,
  -- the token of the writer that created the run; another token is refused
  writer         TEXT        NOT NULL,
  -- the highest record sequence number applied
  last_seq       BIGINT      NOT NULL,
  history_length BIGINT      NOT NULL,
  exit_code      INTEGER,
  exit_error     TEXT,
  created_at     BIGINT      NOT NULL,
  updated_at     BIGINT      NOT NULL,
  heartbeat_at   BIGINT,
  finished_at    BIGINT,
  UNIQUE (project_id, run_id)
);
-- Runs are listed newest first, paged by (created_at, id).
CREATE INDEX runs_by_project_created ON runs (project_id, created_at, id);

-- IDs of deleted runs stay taken forever.
CREATE TABLE deleted_runs (
  project_id BIGINT      NOT NULL REFERENCES projects (id),
  run_id     VARCHAR(64) NOT NULL,
  deleted_at BIGINT      NOT NULL,
  PRIMARY KEY (project_id, run_id)
);

-- One row per history step. A later version replaces this with chunked columnar storage.
CREATE TABLE history_rows (
  run_pk   BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step     BIGINT NOT NULL,
  row_json TEXT   NOT NULL,
  PRIMARY KEY (run_pk, step)
);

-- Metadata of run files; the bytes live on disk under DATA/files/RUN_PK/NAME.
CREATE TABLE run_files (
  run_pk     BIGINT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name       VARCHAR(1024) NOT NULL,
  size       BIGINT        NOT NULL,
  sha256     CHAR(64)      NOT NULL,
  updated_at BIGINT        NOT NULL,
  PRIMARY KEY (run_pk, name)
);
