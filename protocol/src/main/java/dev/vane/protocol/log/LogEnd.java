package dev.vane.protocol.log;

/**
 * How a read of frames ended.
 *
 * @param kind clean end, torn frame or corrupt frame
 * @param offset byte offset where the valid frames end: the end of the data when clean, the start
 *     of the torn or corrupt frame otherwise
 * @param reason what was wrong, or {@code null} for a clean end
 */
public record LogEnd(Kind kind, long offset, String reason) {

  /** The ways a read can end. */
  public enum Kind {
    /** Every byte belonged to a valid frame. */
    CLEAN,
    /** The data ends inside a frame: a write was cut off (or, while tailing, is not finished). */
    TORN,
    /** A frame fails validation: bad length, checksum or sequence number. */
    CORRUPT
  }

  static LogEnd clean(long offset) {
    return new LogEnd(Kind.CLEAN, offset, null);
  }

  static LogEnd torn(long offset, String reason) {
    return new LogEnd(Kind.TORN, offset, reason);
  }

  static LogEnd corrupt(long offset, String reason) {
    return new LogEnd(Kind.CORRUPT, offset, reason);
  }

  /** Whether every byte was valid. */
  public boolean isClean() {
    return kind == Kind.CLEAN;
  }

  @Override
  public String toString() {
    return isClean() ? "clean end at offset " + offset : kind.name().toLowerCase(java.util.Locale.ROOT)
        + " frame at offset " + offset + ": " + reason;
  }
}
