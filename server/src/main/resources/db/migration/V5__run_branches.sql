-- Resume, fork and rewind. Runs unchanged on SQLite and PostgreSQL.
--
-- A fork (or the new run of a rewind) shares the history of its source up to fork_step instead of
-- copying it: reading the run's history reads the source's rows up to fork_step, then its own.
ALTER TABLE runs ADD COLUMN fork_source_pk BIGINT;
ALTER TABLE runs ADD COLUMN fork_step BIGINT;
-- The original of a rewound run, kept under a new ID; left out of run lists.
ALTER TABLE runs ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE;
-- Live time of the writers before the current one (resumes): duration leaves out the gaps between.
ALTER TABLE runs ADD COLUMN live_millis_before BIGINT NOT NULL DEFAULT 0;
-- When the current writer started (NULL: at created_at).
ALTER TABLE runs ADD COLUMN segment_started_at BIGINT;

CREATE INDEX runs_by_fork_source ON runs (fork_source_pk);
