package dev.vane.server.store.history;

import dev.vane.server.store.Entity;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real SQLite database file with a project, and helpers to make runs and rows. */
final class StoreFixture implements AutoCloseable {
  final SqliteDatabase db;
  private final long projectId;
  private int runs;

  StoreFixture(Path dir) {
    db = SqliteDatabase.open(dir.resolve("vane.db"));
    projectId =
        db.write(
            s -> {
              Entity e = s.entities().ensure("admin", 1);
              Project p = s.projects().ensure(e, "p", 1);
              return p.id();
            });
  }

  /** A new run's pk. */
  long newRun() {
    return newRun("r" + (++runs));
  }

  /** A new run's ID. */
  String newRunId() {
    String id = "r" + (++runs);
    newRun(id);
    return id;
  }

  private long newRun(String id) {
    return db.write(
        s -> {
          Run r =
              s.runs()
                  .create(
                      new NewRun(
                          projectId,
                          id,
                          new Run.RunDetails(id, null, List.of(), null, null),
                          Map.of(),
                          "w",
                          1,
                          1));
          return r.pk();
        });
  }

  /** Puts rows in one transaction; returns the new steps. */
  long put(long run, List<Map<String, Object>> rows) {
    return db.write(s -> s.history().put(run, rows));
  }

  /** A row: step then key, value pairs. */
  static Map<String, Object> row(long step, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("_step", step);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public void close() {
    db.close();
  }
}
