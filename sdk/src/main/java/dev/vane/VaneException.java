package dev.vane;

/**
 * A run could not start and the program should not go on as if it had: the server refused the API
 * key (401, 403), the run ID is taken or was deleted (409), or the server rejected the run's
 * settings (400). The message is the server's explanation.
 *
 * <p>Only {@link Vane#init(RunOptions)} and {@link Vane#run(RunOptions, RunBody)} throw it. Once a
 * run has started, problems (a server that went away, a full disk, an unsupported value) become
 * warnings on stderr and never reach the training program.
 */
public final class VaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the problem. */
  public VaneException(String message) {
    super(message);
  }

  /** Creates the exception with a message naming the problem and its cause. */
  public VaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
