-- Metric definitions (define_metric) kept with the run: a JSON object of name -> definition.
ALTER TABLE runs ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';
