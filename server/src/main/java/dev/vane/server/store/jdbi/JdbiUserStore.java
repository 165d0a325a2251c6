package dev.vane.server.store.jdbi;

import dev.vane.server.store.EntityStore;
import dev.vane.server.store.User;
import dev.vane.server.store.UserStore;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Users and API key hashes. */
final class JdbiUserStore implements UserStore {
  private static final RowMapper<User> USER =
      (rs, ctx) ->
          new User(
              rs.getLong("id"),
              rs.getString("name"),
              rs.getBoolean("is_admin"),
              rs.getLong("created_at"));

  private final Handle handle;
  private final SqlDialect dialect;
  private final EntityStore entities;

  JdbiUserStore(Handle handle, SqlDialect dialect, EntityStore entities) {
    this.handle = handle;
    this.dialect = dialect;
    this.entities = entities;
  }

  @Override
  public User create(String name, boolean admin, long now) {
    long id = IdSequence.next(handle, "users");
    handle
        .createUpdate(
            "INSERT INTO users (id, name, is_admin, created_at) VALUES (:id, :name, :admin, :now)")
        .bind("id", id)
        .bind("name", name)
        .bind("admin", admin)
        .bind("now", now)
        .execute();
    entities.ensure(name, now);
    return new User(id, name, admin, now);
  }

  @Override
  public Optional<User> byName(String name) {
    return handle
        .createQuery("SELECT * FROM users WHERE name = :name")
        .bind("name", name)
        .map(USER)
        .findOne();
  }

  @Override
  public Optional<User> byKeyHash(String keyHash) {
    return handle
        .createQuery(
            "SELECT u.* FROM users u JOIN api_keys k ON k.user_id = u.id WHERE k.key_hash = :hash")
        .bind("hash", keyHash)
        .map(USER)
        .findOne();
  }

  @Override
  public void addKey(long userId, String keyHash, long now) {
    handle
        .createUpdate(
            "INSERT INTO api_keys (id, user_id, key_hash, created_at)"
                + " VALUES (:id, :user, :hash, :now)")
        .bind("id", IdSequence.next(handle, "api_keys"))
        .bind("user", userId)
        .bind("hash", keyHash)
        .bind("now", now)
        .execute();
  }

  @Override
  public void lockForUpdate() {
    String lock = dialect.lockTable("users");
    if (lock != null) {
      handle.execute(lock);
    }
  }

  @Override
  public long count() {
    return handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
  }
}
