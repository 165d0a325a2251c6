package dev.vane.server.auth;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.Database;
import dev.vane.server.store.TeamMember;
import dev.vane.server.store.User;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Finds the user of a request's {@code Authorization} header ({@code Bearer KEY}, or HTTP Basic
 * with user {@code api} and the key as password) or UI session, and what that user may do.
 */
public final class Authenticator {
  private static final String BASIC_USER = "api";

  /**
   * How long a key found in the database is trusted without asking again. Every request of every
   * run carries its key, so this saves a query per request; a key revoked through this server is
   * forgotten at once, one revoked through another replica of a shared database within this time.
   */
  static final long KEY_TRUST_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  /** Keys stop being remembered beyond this many (the map is cleared: they are looked up again). */
  private static final int MAX_REMEMBERED_KEYS = 10_000;

  private final Database database;
  private final java.util.concurrent.ConcurrentHashMap<String, KnownKey> knownKeys =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A valid key's user and until when that is trusted ({@link System#nanoTime()}). */
  private record KnownKey(User user, long trustedUntil) {}

  /** Looks keys up in the database. */
  public Authenticator(Database database) {
    this.database = database;
  }

  /** Forgets the keys found so far, so a revoked key is refused from the next request on. */
  public void forgetKeys() {
    knownKeys.clear();
  }

  /** The name of the UI's session cookie. */
  public static final String SESSION_COOKIE = "vane_session";

  /** How long a UI session lasts. */
  public static final long SESSION_MILLIS = 30L * 24 * 3600 * 1000;

  /**
   * The user of a request: its {@code Authorization} header's key, else its UI session cookie.
   *
   * @throws ApiException {@code unauthorized} when neither names a user
   */
  public User authenticate(String authorization, String sessionToken) {
    if ((authorization == null || authorization.isBlank()) && sessionToken != null) {
      return session(sessionToken)
          .orElseThrow(() -> unauthorized("the session has expired: log in again at /login"));
    }
    return authenticate(authorization);
  }

  /**
   * What the user may do with the entity, or with its project when {@code project} is not {@code
   * null} (see {@link Permissions}).
   */
  public AccessLevel level(User user, String entity, String project) {
    if (Permissions.administersAll(user, entity)) {
      return AccessLevel.ADMIN; // the common case, the SDK writing to its own entity: no query
    }
    return database.read(s -> Permissions.of(s, user, entity, project));
  }

  /** The user's teams and roles, by team name. */
  public java.util.List<TeamMember> teamsOf(User user) {
    return database.read(s -> s.teams().teamsOf(user.id()));
  }

  /** The user of a UI session token, if it is valid. */
  public java.util.Optional<User> session(String token) {
    if (token == null || token.isBlank()) {
      return java.util.Optional.empty();
    }
    long now = System.currentTimeMillis();
    return database.read(s -> s.users().bySessionHash(ApiKeys.hash(token), now));
  }

  /** The user of an API key, if it is valid (the UI's login by token). */
  public java.util.Optional<User> byKey(String key) {
    if (key == null || key.isBlank()) {
      return java.util.Optional.empty();
    }
    return database.read(s -> s.users().byKeyHash(ApiKeys.hash(key.strip())));
  }

  /** Starts a UI session for the user; returns its token (the cookie's value). */
  public String startSession(User user) {
    String token = ApiKeys.generate();
    long now = System.currentTimeMillis();
    database.write(
        s -> {
          s.users().addSession(user.id(), ApiKeys.hash(token), now, now + SESSION_MILLIS);
          return null;
        });
    return token;
  }

  /** Ends a UI session. */
  public void endSession(String token) {
    if (token != null && !token.isBlank()) {
      database.write(
          s -> {
            s.users().deleteSession(ApiKeys.hash(token));
            return null;
          });
    }
  }

  /**
   * The user the header's key belongs to.
   *
   * @param authorization the header value, or {@code null}
   * @throws ApiException {@code unauthorized} without a header, with a malformed one or an unknown
   *     key
   */
  public User authenticate(String authorization) {
    String hash = ApiKeys.hash(keyOf(authorization));
    long now = System.nanoTime();
    KnownKey known = knownKeys.get(hash);
    if (known != null && known.trustedUntil() - now > 0) {
      return known.user();
    }
    // Only valid keys are remembered: made-up keys cannot fill the map.
    User user =
        database
            .read(s -> s.users().byKeyHash(hash))
            .orElseThrow(() -> unauthorized("the API key is not valid"));
    if (knownKeys.size() >= MAX_REMEMBERED_KEYS) {
      knownKeys.clear();
    }
    knownKeys.put(hash, new KnownKey(user, now + KEY_TRUST_NANOS));
    return user;
  }

  private static String keyOf(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthorized(
          "an API key is required: send \"Authorization: Bearer KEY\" or Basic auth as api:KEY");
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).strip();
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer":
        if (value.isEmpty()) {
          throw unauthorized("the Bearer token is empty");
        }
        return value;
      case "basic":
        return basicPassword(value);
      default:
        throw unauthorized("unsupported Authorization scheme \"" + scheme + "\"");
    }
  }

  private static String basicPassword(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized("the Basic credentials are not valid Base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !decoded.substring(0, colon).equals(BASIC_USER)) {
      throw unauthorized("Basic auth needs the user name \"api\" and the API key as password");
    }
    String key = decoded.substring(colon + 1);
    if (key.isEmpty()) {
      throw unauthorized("the Basic password (the API key) is empty");
    }
    return key;
  }

  private static ApiException unauthorized(String message) {
    return ApiException.of(ErrorCode.UNAUTHORIZED, message);
  }
}
