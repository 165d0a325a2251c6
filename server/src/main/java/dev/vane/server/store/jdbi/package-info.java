/**
 * The stores on Jdbi, shared by SQLite and PostgreSQL. The SQL is written once for both (BIGINT ids
 * from {@code id_sequences}, epoch-millis timestamps, TEXT JSON, {@code INSERT ... ON CONFLICT});
 * the only differences, lock clauses, live in {@link dev.vane.server.store.jdbi.SqlDialect}. {@code
 * JdbiStores.history()} is the one place that decides which {@link
 * dev.vane.server.store.HistoryStore} the server uses.
 */
package dev.vane.server.store.jdbi;
