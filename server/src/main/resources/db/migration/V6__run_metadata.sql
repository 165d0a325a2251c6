-- The run's metadata (command, Java, OS, host, hardware, git) as JSON: the latest writer's
-- metadata record. NULL until one arrives. Runs unchanged on SQLite and PostgreSQL.
ALTER TABLE runs ADD COLUMN metadata_json TEXT;
