package dev.vane.server;

/**
 * A request the server refuses, with the error code and sentence the client gets. Thrown from any
 * layer (validation, ingest, stores) and turned into the JSON error body by the HTTP layer; a write
 * transaction it escapes from is rolled back.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Long lastSeq;

  private ApiException(ErrorCode code, String message, Long lastSeq) {
    super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
    this.code = code;
    this.lastSeq = lastSeq;
  }

  /** An error with a message for people that names the problem. */
  public static ApiException of(ErrorCode code, String message) {
    return new ApiException(code, message, null);
  }

  /** The {@code sequence_gap} error, which also tells the writer where to resume. */
  public static ApiException sequenceGap(long firstSeq, long lastSeq) {
    return new ApiException(
        ErrorCode.SEQUENCE_GAP,
        "the batch starts at sequence number "
            + firstSeq
            + " but the server has applied up to "
            + lastSeq
            + "; send from "
            + (lastSeq + 1),
        lastSeq);
  }

  /** A 404 for a thing that does not exist or is not visible. */
  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what + " not found", null);
  }

  /** The error code. */
  public ErrorCode code() {
    return code;
  }

  /**
   * For {@code sequence_gap}, the server's last applied sequence number; otherwise {@code null}.
   */
  public Long lastSeq() {
    return lastSeq;
  }
}
