-- Run liveness. Stop requests: a sticky flag set by POST .../stop and answered to the writer in
-- every later ingest response. Runs unchanged on SQLite and PostgreSQL (SQLite stores the boolean
-- as 0/1).
ALTER TABLE runs ADD COLUMN stopped BOOLEAN NOT NULL DEFAULT FALSE;

-- The crash sweep looks for running runs with an old heartbeat.
CREATE INDEX runs_by_state_heartbeat ON runs (state, heartbeat_at);
