/**
 * The database on PostgreSQL ({@code vane server --db jdbc:postgresql://...}): {@link
 * dev.vane.server.store.postgres.PostgresDatabase} holds the connection check, the pool and the
 * migration lock; the stores are the shared ones in {@link dev.vane.server.store.jdbi}. Several
 * server processes may use one database at once.
 */
package dev.vane.server.store.postgres;
