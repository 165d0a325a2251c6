/**
 * The database on SQLite, the default: {@link dev.vane.server.store.sqlite.SqliteDatabase} holds
 * the connection settings (WAL, {@code BEGIN IMMEDIATE}) and the in-process write lock; the stores
 * are the shared ones in {@link dev.vane.server.store.jdbi}.
 */
package dev.vane.server.store.sqlite;
