/**
 * Writing runs: creating or attaching a run from its first record ({@link
 * dev.vane.server.ingest.RunUpsert}) and applying batches of frames to it idempotently, each in one
 * transaction ({@link dev.vane.server.ingest.RecordIngester}).
 */
package dev.vane.server.ingest;
