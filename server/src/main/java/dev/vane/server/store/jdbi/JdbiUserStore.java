package dev.vane.server.store.jdbi;

import dev.vane.server.store.ApiKey;
import dev.vane.server.store.EntityStore;
import dev.vane.server.store.User;
import dev.vane.server.store.UserStore;
import java.util.List;
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
    if (entities.create(name, false, now).isEmpty()) {
      throw new IllegalStateException("the name \"" + name + "\" is taken by a user or a team");
    }
    return new User(id, name, admin, now);
  }

  @Override
  public List<User> list() {
    return handle.createQuery("SELECT * FROM users ORDER BY name").map(USER).list();
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
  public long addKey(long userId, String keyHash, String prefix, String description, long now) {
    long id = IdSequence.next(handle, "api_keys");
    handle
        .createUpdate(
            "INSERT INTO api_keys (id, user_id, key_hash, key_prefix, description, created_at)"
                + " VALUES (:id, :user, :hash, :prefix, :description, :now)")
        .bind("id", id)
        .bind("user", userId)
        .bind("hash", keyHash)
        .bind("prefix", prefix)
        .bind("description", description)
        .bind("now", now)
        .execute();
    return id;
  }

  @Override
  public List<ApiKey> keys(long userId) {
    return handle
        .createQuery(
            "SELECT id, key_prefix, description, created_at FROM api_keys"
                + " WHERE user_id = :user ORDER BY id")
        .bind("user", userId)
        .map(
            (rs, ctx) ->
                new ApiKey(
                    rs.getLong("id"),
                    rs.getString("key_prefix"),
                    rs.getString("description"),
                    rs.getLong("created_at")))
        .list();
  }

  @Override
  public boolean revokeKey(long userId, long keyId) {
    return handle
            .createUpdate("DELETE FROM api_keys WHERE id = :id AND user_id = :user")
            .bind("id", keyId)
            .bind("user", userId)
            .execute()
        == 1;
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
