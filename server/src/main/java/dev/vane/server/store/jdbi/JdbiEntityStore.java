package dev.vane.server.store.jdbi;

import dev.vane.server.store.Entity;
import dev.vane.server.store.EntityStore;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Entities. */
final class JdbiEntityStore implements EntityStore {
  private static final RowMapper<Entity> ENTITY =
      (rs, ctx) ->
          new Entity(
              rs.getLong("id"),
              rs.getString("name"),
              "team".equals(rs.getString("kind")),
              rs.getLong("created_at"));

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
    // Another process may insert the same name meanwhile; its row is as good.
    insert(name, true, now);
    return byName(name).orElseThrow();
  }

  @Override
  public Optional<Entity> create(String name, boolean team, long now) {
    return insert(name, team, now) ? byName(name) : Optional.empty();
  }

  /** Inserts the entity unless the name is taken; whether it did. */
  private boolean insert(String name, boolean team, long now) {
    return handle
            .createUpdate(
                "INSERT INTO entities (id, name, kind, created_at) VALUES (:id, :name, :kind, :now)"
                    + " ON CONFLICT (name) DO NOTHING")
            .bind("id", IdSequence.next(handle, "entities"))
            .bind("name", name)
            .bind("kind", team ? "team" : "user")
            .bind("now", now)
            .execute()
        == 1;
  }
}
