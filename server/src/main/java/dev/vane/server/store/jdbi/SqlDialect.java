package dev.vane.server.store.jdbi;

/**
 * The few places where the stores' SQL differs between SQLite and PostgreSQL. Everything else
 * (schema, queries, {@code INSERT ... ON CONFLICT}, {@code UPDATE ... RETURNING}) is shared.
 *
 * <p>The differences are all about locking. SQLite has one writer at a time: a write transaction
 * begins {@code IMMEDIATE} and so already excludes every other writer, and SQLite knows neither row
 * locks nor {@code LOCK TABLE}. PostgreSQL runs write transactions side by side, from this process
 * and others, so work that reads a value and writes based on it locks the rows it read.
 */
public enum SqlDialect {
  /** SQLite: writes are serialized whole, so lock clauses are empty. */
  SQLITE {
    @Override
    String forUpdateOf(String alias) {
      return "";
    }

    @Override
    String lockTable(String table) {
      return null;
    }

    @Override
    String tryAdvisoryXactLock() {
      return null;
    }
  },

  /** PostgreSQL: row locks with {@code FOR UPDATE}, table locks with {@code LOCK TABLE}. */
  POSTGRESQL {
    @Override
    String forUpdateOf(String alias) {
      // OF: a query that joins projects and entities must lock only the row it names.
      return " FOR UPDATE OF " + alias;
    }

    @Override
    String lockTable(String table) {
      // Excludes other writers of the table (and itself) but not readers.
      return "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE";
    }

    @Override
    String tryAdvisoryXactLock() {
      return "SELECT pg_try_advisory_xact_lock(:key)";
    }
  };

  /**
   * The clause that ends a {@code SELECT} to lock the rows of the table aliased {@code alias} until
   * the transaction ends; empty where writes are serialized anyway.
   */
  abstract String forUpdateOf(String alias);

  /**
   * The statement that keeps other transactions from writing the table until this one ends, or
   * {@code null} where writes are serialized anyway.
   */
  abstract String lockTable(String table);

  /**
   * The query (one boolean, parameter {@code :key}) that takes an advisory lock until the
   * transaction ends if no other transaction holds it, or {@code null} where writes are serialized
   * anyway (the lock is then always had).
   */
  abstract String tryAdvisoryXactLock();
}
