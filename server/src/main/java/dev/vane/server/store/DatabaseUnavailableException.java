package dev.vane.server.store;

/**
 * The database could not be opened: a malformed URL, an unreachable or refusing server, a failed
 * login. The message is one line meant for the person starting the server, and never contains a
 * password.
 */
public final class DatabaseUnavailableException extends RuntimeException {
  /** With a one-line message and the cause. */
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** With a one-line message. */
  public DatabaseUnavailableException(String message) {
    super(message);
  }
}
