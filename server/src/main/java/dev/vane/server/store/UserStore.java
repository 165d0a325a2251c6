package dev.vane.server.store;

import java.util.Optional;

/** Users and their API keys. Keys are stored only as hashes. */
public interface UserStore {

  /** Creates a user (and its entity of the same name, when missing). */
  User create(String name, boolean admin, long now);

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

  /** Adds an API key, given as the hex SHA-256 of the key. */
  void addKey(long userId, String keyHash, long now);

  /**
   * Keeps other transactions (of any process) from creating users until this one ends, so that a
   * check such as "no users yet" stays true until the commit. Readers are not blocked.
   */
  void lockForUpdate();

  /** Number of users. */
  long count();
}
