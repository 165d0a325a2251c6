package dev.vane.server.store.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.vane.server.store.Database;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link Database} on Jdbi over a Hikari pool, shared by SQLite and PostgreSQL: the stores are
 * the same {@code Jdbi*} classes on both, told apart only by their {@link SqlDialect}. Subclasses
 * configure the pool and may wrap {@link #write} (SQLite serializes writers in the process).
 */
public abstract class JdbiDatabase implements Database {
  /** Where the schema migrations live; the same files run on both databases. */
  public static final String MIGRATIONS = "classpath:db/migration";

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final SqlDialect dialect;

  /**
   * Wraps a migrated pool.
   *
   * @param dataSource the pool, closed by {@link #close()}
   * @param dialect how the stores lock on this database
   */
  protected JdbiDatabase(HikariDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.dialect = dialect;
  }

  /** Brings the schema up to date with the migrations in {@link #MIGRATIONS}. */
  protected static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
  }

  @Override
  public <T> T write(Work<T> work) {
    return jdbi.inTransaction(handle -> work.run(new JdbiStores(handle, dialect)));
  }

  @Override
  public <T> T read(Work<T> work) {
    return jdbi.withHandle(handle -> work.run(new JdbiStores(handle, dialect)));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
