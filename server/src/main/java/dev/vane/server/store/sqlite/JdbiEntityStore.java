package dev.vane.server.store.sqlite;

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
    long id = IdSequence.next(handle, "entities");
    handle
        .createUpdate("INSERT INTO entities (id, name, created_at) VALUES (:id, :name, :now)")
        .bind("id", id)
        .bind("name", name)
        .bind("now", now)
        .execute();
    return new Entity(id, name, now);
  }
}
