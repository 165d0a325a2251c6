package dev.vane.server.store.jdbi;

import dev.vane.server.store.FileStore;
import dev.vane.server.store.StoredFile;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Run file metadata. */
final class JdbiFileStore implements FileStore {
  private static final RowMapper<StoredFile> FILE =
      (rs, ctx) ->
          new StoredFile(
              rs.getString("name"),
              rs.getLong("size"),
              rs.getString("sha256"),
              rs.getLong("updated_at"));

  private final Handle handle;

  JdbiFileStore(Handle handle) {
    this.handle = handle;
  }

  @Override
  public void put(long runPk, StoredFile file) {
    handle
        .createUpdate(
            "INSERT INTO run_files (run_pk, name, size, sha256, updated_at) VALUES (:run, :name,"
                + " :size, :sha, :at) ON CONFLICT (run_pk, name) DO UPDATE SET size ="
                + " excluded.size, sha256 = excluded.sha256, updated_at = excluded.updated_at")
        .bind("run", runPk)
        .bind("name", file.name())
        .bind("size", file.size())
        .bind("sha", file.sha256())
        .bind("at", file.updatedAt())
        .execute();
  }

  @Override
  public List<StoredFile> list(long runPk) {
    return handle
        .createQuery("SELECT * FROM run_files WHERE run_pk = :run ORDER BY name")
        .bind("run", runPk)
        .map(FILE)
        .list();
  }

  @Override
  public Optional<StoredFile> find(long runPk, String name) {
    return handle
        .createQuery("SELECT * FROM run_files WHERE run_pk = :run AND name = :name")
        .bind("run", runPk)
        .bind("name", name)
        .map(FILE)
        .findOne();
  }

  @Override
  public void deleteAll(long runPk) {
    handle.createUpdate("DELETE FROM run_files WHERE run_pk = :run").bind("run", runPk).execute();
  }
}
