/**
 * The stores on SQLite through Jdbi. Only {@link dev.vane.server.store.sqlite.SqliteDatabase} knows
 * it is SQLite (connection settings, WAL, write serialization); the {@code Jdbi*} stores use SQL that
 * PostgreSQL runs too (BIGINT ids from {@code id_sequences}, epoch-millis timestamps, TEXT JSON,
 * {@code INSERT ... ON CONFLICT}).
 */
package dev.vane.server.store.sqlite;
