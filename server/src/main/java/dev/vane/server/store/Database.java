package dev.vane.server.store;

/**
 * The server's database. Work runs against a {@link Stores} bound to one connection: {@link #write}
 * in one transaction that commits when the work returns and rolls back when it throws; {@link
 * #read} without a transaction, for queries.
 */
public interface Database extends AutoCloseable {

  /** Work against the stores of one connection. */
  @FunctionalInterface
  interface Work<T> {
    /** Does the work. */
    T run(Stores stores);
  }

  /**
   * Runs work in one write transaction. Write transactions are serialized, so work may read a value
   * and write based on it without races.
   */
  <T> T write(Work<T> work);

  /** Runs read-only work. */
  <T> T read(Work<T> work);

  /** Closes the connection pool. */
  @Override
  void close();
}
