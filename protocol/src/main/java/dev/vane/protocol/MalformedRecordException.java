package dev.vane.protocol;

/** A frame whose checksum is valid but whose payload does not decode as its record type. */
public final class MalformedRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the problem. */
  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
