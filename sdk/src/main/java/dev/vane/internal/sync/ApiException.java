package dev.vane.internal.sync;

/**
 * The server answered with an error status.
 */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Long lastSeq;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status
   * @param code the error code from the body, such as {@code run_exists}
   * @param message the server's message
   * @param lastSeq for {@code sequence_gap}, the server's last applied sequence number
   */
  public ApiException(int status, String code, String message, Long lastSeq) {
    super(message);
    this.status = status;
    this.code = code;
    this.lastSeq = lastSeq;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error code, such as {@code unauthorized}. */
  public String code() {
    return code;
  }

  /** For {@code sequence_gap}: the server's last applied sequence number; otherwise {@code null}. */
  public Long lastSeq() {
    return lastSeq;
  }

  /** Whether trying again later may succeed: 408, 425, 429 and 5xx. */
  public boolean retryable() {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }

  /** Whether this is a sequence gap with the server's position. */
  public boolean sequenceGap() {
    return status == 409 && "sequence_gap".equals(code) && lastSeq != null;
  }

  /** {@code STATUS CODE: message}, for people. */
  public String describe() {
    return status + " " + code + ": " + getMessage();
  }
}
