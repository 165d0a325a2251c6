/**
 * Storage: the interfaces the server writes and reads through ({@link
 * dev.vane.server.store.Database}, {@link dev.vane.server.store.Stores} and one store per kind of
 * thing), their value types, and run files on disk ({@link dev.vane.server.store.RunFolders}). The
 * interfaces speak of runs, rows, keys and step ranges, not SQL, so storage layouts can change
 * behind them.
 */
package dev.vane.server.store;
