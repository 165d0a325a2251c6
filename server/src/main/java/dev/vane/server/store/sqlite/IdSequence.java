package dev.vane.server.store.sqlite;

import org.jdbi.v3.core.Handle;

/**
 * Hands out table ids from {@code id_sequences}. Portable in place of SQLite's rowid and
 * PostgreSQL's identity columns; must run inside a write transaction, which makes the bump and read
 * atomic (on PostgreSQL the UPDATE locks the row).
 */
final class IdSequence {
  private IdSequence() {}

  /** The next id of the table. */
  static long next(Handle handle, String table) {
    int updated =
        handle
            .createUpdate("UPDATE id_sequences SET next_value = next_value + 1 WHERE name = :name")
            .bind("name", table)
            .execute();
    if (updated != 1) {
      throw new IllegalStateException("no id sequence for table " + table);
    }
    return handle
        .createQuery("SELECT next_value - 1 FROM id_sequences WHERE name = :name")
        .bind("name", table)
        .mapTo(Long.class)
        .one();
  }
}
