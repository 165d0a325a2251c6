package dev.vane.server.store;

/**
 * The server's database. Work runs against a {@link Stores} bound to one connection: {@link #write}
 * in one transaction that commits when the work returns and rolls back when it throws; {@link
 * #read} without a transaction, for queries.
 *
 * <p>Several server processes may share one database (PostgreSQL), so nothing a transaction reads
 * is safe from other writers unless it is locked: work that reads a value and writes based on it
 * first locks what it depends on ({@link RunStore#findForUpdate}, {@link
 * ProjectStore#lockForUpdate}, {@link UserStore#lockForUpdate}). Locks are taken in the order
 * users, entities, projects, runs, so two transactions never wait on each other.
 */
public interface Database extends AutoCloseable {

  /** Work against the stores of one connection. */
  @FunctionalInterface
  interface Work<T> {
    /** Does the work. */
    T run(Stores stores);
  }

  /**
   * Runs work in one write transaction. Work that reads a value and writes based on it locks the
   * value first through the stores (see the class comment); on SQLite write transactions are
   * serialized anyway and the locks cost nothing.
   */
  <T> T write(Work<T> work);

  /** Runs read-only work. */
  <T> T read(Work<T> work);

  /** Closes the connection pool. */
  @Override
  void close();
}
