package dev.vane.server.store;

import java.util.Optional;

/** Users and their API keys. Keys are stored only as hashes. */
public interface UserStore {

  /**
   * Creates a user and its entity of the same name.
   *
   * @throws IllegalStateException when the name is taken by a user or a team
   */
  User create(String name, boolean admin, long now);

  /** Every user, by name. */
  java.util.List<User> list();

  /** The user of that name. */
  Optional<User> byName(String name);

  /** The user whose API key has this hash. */
  Optional<User> byKeyHash(String keyHash);

  /** The user of a UI session whose token has this hash, if it has not expired by {@code now}. */
  Optional<User> bySessionHash(String tokenHash, long now);

  /** Records a UI session, given as the hex SHA-256 of its token. */
  void addSession(long userId, String tokenHash, long now, long expiresAt);

  /** Ends a UI session (logout); nothing when there is none. */
  void deleteSession(String tokenHash);

  /** Adds an API key, given as the hex SHA-256 of the key, without a label. */
  default void addKey(long userId, String keyHash, long now) {
    addKey(userId, keyHash, null, null, now);
  }

  /**
   * Adds an API key, given as the hex SHA-256 of the key, with its first characters and a label
   * (either may be {@code null}); returns the key's id.
   */
  long addKey(long userId, String keyHash, String prefix, String description, long now);

  /** The user's keys, oldest first. */
  java.util.List<ApiKey> keys(long userId);

  /** Deletes one of the user's keys; whether there was such a key of that user. */
  boolean revokeKey(long userId, long keyId);

  /**
   * Keeps other transactions (of any process) from creating users until this one ends, so that a
   * check such as "no users yet" stays true until the commit. Readers are not blocked.
   */
  void lockForUpdate();

  /** Number of users. */
  long count();
}
