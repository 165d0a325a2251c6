package dev.vane.server.store.sqlite;

import dev.vane.server.store.EntityStore;
import dev.vane.server.store.FileStore;
import dev.vane.server.store.HistoryStore;
import dev.vane.server.store.ProjectStore;
import dev.vane.server.store.RunStore;
import dev.vane.server.store.Stores;
import dev.vane.server.store.UserStore;
import dev.vane.server.store.history.ChunkedHistoryStore;
import org.jdbi.v3.core.Handle;

/** The stores of one Jdbi handle. Cheap: the stores hold only the handle. */
final class JdbiStores implements Stores {
  private final Handle handle;

  JdbiStores(Handle handle) {
    this.handle = handle;
  }

  @Override
  public UserStore users() {
    return new JdbiUserStore(handle, entities());
  }

  @Override
  public EntityStore entities() {
    return new JdbiEntityStore(handle);
  }

  @Override
  public ProjectStore projects() {
    return new JdbiProjectStore(handle);
  }

  @Override
  public RunStore runs() {
    return new JdbiRunStore(handle);
  }

  @Override
  public HistoryStore history() {
    return new ChunkedHistoryStore(handle);
  }

  @Override
  public FileStore files() {
    return new JdbiFileStore(handle);
  }
}
