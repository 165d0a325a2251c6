package dev.vane;

/**
 * The server refused a request, or could not be reached where an answer is needed. The message is
 * the server's explanation; {@link #status()} and {@link #code()} say what the server answered
 * (see {@code docs/http-api.md}), for example {@code 404 not_found} or {@code 401 unauthorized}.
 *
 * <p>{@link Vane#init(RunOptions)} and {@link Vane#run(RunOptions, RunBody)} throw it when a run
 * cannot start: the server refused the API key (401, 403), the run ID is taken or was deleted
 * (409), or the server rejected the run's settings (400). Once a run has started, problems (a
 * server that went away, a full disk, an unsupported value) become warnings on stderr and never
 * reach the training program.
 *
 * <p>The public API ({@link Api}, {@link ApiRun}) throws it for every failed request.
 */
public final class VaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** Creates the exception with a message naming the problem. */
  public VaneException(String message) {
    this(message, 0, null, null);
  }

  /** Creates the exception with a message naming the problem and its cause. */
  public VaneException(String message, Throwable cause) {
    this(message, 0, null, cause);
  }

  /**
   * Creates the exception for an error answer of the server.
   *
   * @param message a sentence naming the problem
   * @param status the HTTP status, or 0 when there was no answer
   * @param code the server's error code such as {@code not_found}, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public VaneException(String message, int status, String code, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status of the server's answer, or 0 when no answer was involved. */
  public int status() {
    return status;
  }

  /**
   * The server's stable error code ({@code not_found}, {@code unauthorized}, {@code
   * invalid_argument}, ...), or {@code null} when no error answer was involved.
   */
  public String code() {
    return code;
  }
}
