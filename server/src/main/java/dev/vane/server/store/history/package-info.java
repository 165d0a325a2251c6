/**
 * The history engine: per (run, key) series of compressed columnar chunks (delta-of-delta steps,
 * XOR or delta-of-delta values) with statistics in columns, compaction of small open chunks, text
 * values beside them, full-fidelity bucket sampling and streamed row reads. See {@code
 * docs/storage.md}.
 */
package dev.vane.server.store.history;
