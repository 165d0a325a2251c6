package dev.vane.server.store.jdbi;

import dev.vane.server.store.Entity;
import dev.vane.server.store.EntityStore;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Entities. */
final class JdbiEntityStore implements EntityStore {
  private static final RowMapper<Entity> ENTITY =
      (rs, ctx) -> new Entity(rs.getLong("id"), rs.getString("name"), rs.getLong("created_at"));

  private final Handle handle;

  JdbiEntityStore(Handle handle) {
    this.handle = handle;
  }

  @Override
  public Optional<Entity> byName(String name) {
    return handle
        .createQuery("SELECT * FROM entities WHERE name = :name")
        .bind("name", name)
        .map(ENTITY)
        .findOne();
  }

  @Override
  public Entity ensure(String name, long now) {
    Optional<Entity> existing = byName(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    // DO NOTHING: another process may insert the same name meanwhile; its row is as good.
    handle
        .createUpdate(
            "INSERT INTO entities (id, name, created_at) VALUES (:id, :name, :now)"
                + " ON CONFLICT (name) DO NOTHING")
        .bind("id", IdSequence.next(handle, "entities"))
        .bind("name", name)
        .bind("now", now)
        .execute();
    return byName(name).orElseThrow();
  }
}
