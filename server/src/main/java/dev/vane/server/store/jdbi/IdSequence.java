package dev.vane.server.store.jdbi;

import org.jdbi.v3.core.Handle;

/**
 * Hands out table ids from {@code id_sequences}: portable in place of SQLite's rowid and
 * PostgreSQL's identity columns, so the same migrations run on both. One {@code UPDATE ...
 * RETURNING} bumps and reads the counter atomically; on PostgreSQL the UPDATE also locks the
 * counter row until the transaction ends, so two processes never get the same id (the second waits,
 * then sees the first one's value).
 */
final class IdSequence {
  private IdSequence() {}

  /** The next id of the table. */
  static long next(Handle handle, String table) {
    return handle
        .createQuery(
            "UPDATE id_sequences SET next_value = next_value + 1 WHERE name = :name"
                + " RETURNING next_value - 1")
        .bind("name", table)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> new IllegalStateException("no id sequence for table " + table));
  }
}
