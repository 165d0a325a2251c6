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
  public Optional<User> bySessionHash(String tokenHash, long now) {
    return handle
        .createQuery(
            "SELECT u.* FROM users u JOIN ui_sessions s ON s.user_id = u.id"
                + " WHERE s.token_hash = :hash AND s.expires_at > :now")
        .bind("hash", tokenHash)
        .bind("now", now)
        .map(USER)
        .findOne();
  }

  @Override
  public void addSession(long userId, String tokenHash, long now, long expiresAt) {
    handle
        .createUpdate(
            "INSERT INTO ui_sessions (token_hash, user_id, created_at, expires_at)"
                + " VALUES (:hash, :user, :now, :expires)")
        .bind("hash", tokenHash)
        .bind("user", userId)
        .bind("now", now)
        .bind("expires", expiresAt)
        .execute();
  }

  @Override
  public void deleteSession(String tokenHash) {
    handle
        .createUpdate("DELETE FROM ui_sessions WHERE token_hash = :hash")
        .bind("hash", tokenHash)
        .execute();
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
