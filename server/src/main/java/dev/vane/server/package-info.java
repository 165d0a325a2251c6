/**
 * The Vane tracking server. {@link dev.vane.server.VaneServer#start(ServerOptions)} opens the data
 * folder (SQLite database, run files), creates the admin user on first start and serves the HTTP
 * API described in {@code docs/http-api.md}.
 *
 * <p>Layers: {@code http} (thin route classes, one per resource), {@code auth} (API keys), {@code
 * ingest} (run creation and record batches, applied in one transaction each), {@code store}
 * (storage interfaces) and {@code store.sqlite} (their Jdbi implementation on SQLite).
 */
package dev.vane.server;
