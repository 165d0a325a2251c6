package dev.vane.protocol.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The 16-byte file header of a run log (see the package grammar). */
public final class RunLogHeader {
  /** Bytes in the header. */
  public static final int BYTES = 16;
  /** The format version this code writes. */
  public static final int VERSION = 1;
  /** The highest format version this code can read. */
  public static final int READER_VERSION = 1;

  static final byte[] MAGIC = "VANELOG\n".getBytes(StandardCharsets.US_ASCII);

  private RunLogHeader() {}

  static byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put(MAGIC);
    b.putShort((short) VERSION);
    b.putShort((short) 1);
    b.putInt(FrameCodec.checksum(b.array(), 0, 12));
    return b.array();
  }

  /**
   * Checks a header.
   *
   * @return {@code null} when the header is valid, otherwise what is wrong with it
   */
  static String validate(byte[] header, int length) {
    if (length < BYTES) {
      return "file header cut short (" + length + " of " + BYTES + " bytes)";
    }
    if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return "not a Vane run log (bad magic)";
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int version = b.getShort(8) & 0xffff;
    int minReader = b.getShort(10) & 0xffff;
    if (b.getInt(12) != FrameCodec.checksum(header, 0, 12)) {
      return "file header checksum mismatch";
    }
    if (minReader > READER_VERSION) {
      return "run log format " + version + " needs a newer Vane (reader version " + minReader + ")";
    }
    return null;
  }
}
