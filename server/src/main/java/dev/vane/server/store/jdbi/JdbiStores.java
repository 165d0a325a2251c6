package dev.vane.server.store.jdbi;

import dev.vane.server.store.EntityStore;
import dev.vane.server.store.FileStore;
import dev.vane.server.store.HistoryStore;
import dev.vane.server.store.LogStore;
import dev.vane.server.store.ProjectStore;
import dev.vane.server.store.RunStore;
import dev.vane.server.store.Stores;
import dev.vane.server.store.TeamStore;
import dev.vane.server.store.UserStore;
import dev.vane.server.store.history.ChunkedHistoryStore;
import org.jdbi.v3.core.Handle;

/** The stores of one Jdbi handle. Cheap: the stores hold only the handle and the dialect. */
final class JdbiStores implements Stores {
  private final Handle handle;
  private final SqlDialect dialect;

  JdbiStores(Handle handle, SqlDialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public UserStore users() {
    return new JdbiUserStore(handle, dialect, entities());
  }

  @Override
  public EntityStore entities() {
    return new JdbiEntityStore(handle);
  }

  @Override
  public TeamStore teams() {
    return new JdbiTeamStore(handle, dialect);
  }

  @Override
  public ProjectStore projects() {
    return new JdbiProjectStore(handle, dialect);
  }

  @Override
  public RunStore runs() {
    return new JdbiRunStore(handle, dialect);
  }

  /**
   * The history engine. This is the wiring point: swapping the engine means changing this line (its
   * tables come with their own migrations). It runs inside the caller's transaction, and on
   * PostgreSQL ingest holds the run's row lock while it writes, so an engine needs no locks of its
   * own for one run's writes.
   */
  @Override
  public HistoryStore history() {
    return new ChunkedHistoryStore(handle);
  }

  /**
   * System metrics: the history engine on tables of its own ({@code system_*}), steps being
   * runtimes in milliseconds.
   */
  @Override
  public HistoryStore system() {
    return ChunkedHistoryStore.system(handle);
  }

  @Override
  public FileStore files() {
    return new JdbiFileStore(handle);
  }

  @Override
  public LogStore logs() {
    return new JdbiLogStore(handle);
  }
}
