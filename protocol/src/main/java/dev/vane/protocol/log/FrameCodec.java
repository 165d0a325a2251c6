package dev.vane.protocol.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Writes and parses single frames (see the package grammar). Stateless and thread-safe. */
public final class FrameCodec {
  /** The largest allowed value of a frame's Length field. */
  public static final int MAX_LENGTH = 16 * 1024 * 1024;

  private FrameCodec() {}

  /** Encodes one frame. */
  public static byte[] encode(int type, long seq, byte[] payload) {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("type must be a byte: " + type);
    }
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1: " + seq);
    }
    int length = 9 + payload.length;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "record too large: " + payload.length + " bytes (limit " + (MAX_LENGTH - 9) + ")");
    }
    ByteBuffer b = ByteBuffer.allocate(8 + length);
    b.putInt(length);
    b.putInt(0); // checksum, filled in below
    b.put((byte) type);
    b.putLong(seq);
    b.put(payload);
    b.putInt(4, checksum(b.array(), 8, length));
    return b.array();
  }

  /** CRC32C of {@code len} bytes of {@code data} from {@code off}, as an int. */
  static int checksum(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  /**
   * Parses the frames of an ingest body: Frame* without a header.
   *
   * @param body the bytes
   * @return the frames, and how the body ended
   */
  public static ParsedFrames parseAll(byte[] body) {
    java.util.List<Frame> frames = new java.util.ArrayList<>();
    int pos = 0;
    long lastSeq = 0;
    while (pos < body.length) {
      if (body.length - pos < Frame.HEADER_BYTES) {
        return new ParsedFrames(frames, LogEnd.torn(pos, "frame header cut short"));
      }
      ByteBuffer b = ByteBuffer.wrap(body, pos, body.length - pos);
      int length = b.getInt();
      int crc = b.getInt();
      if (length < 9 || length > MAX_LENGTH) {
        return new ParsedFrames(frames, LogEnd.corrupt(pos, "invalid frame length " + length));
      }
      if (body.length - pos - 8 < length) {
        return new ParsedFrames(frames, LogEnd.torn(pos, "frame cut short"));
      }
      if (checksum(body, pos + 8, length) != crc) {
        return new ParsedFrames(frames, LogEnd.corrupt(pos, "checksum mismatch"));
      }
      int type = body[pos + 8] & 0xff;
      long seq = ByteBuffer.wrap(body, pos + 9, 8).getLong();
      if (seq < 1 || (lastSeq > 0 && seq != lastSeq + 1)) {
        return new ParsedFrames(
            frames, LogEnd.corrupt(pos, "sequence " + seq + " does not follow " + lastSeq));
      }
      byte[] payload = java.util.Arrays.copyOfRange(body, pos + 17, pos + 8 + length);
      frames.add(new Frame(pos, type, seq, payload));
      lastSeq = seq;
      pos += 8 + length;
    }
    return new ParsedFrames(frames, LogEnd.clean(pos));
  }

  /**
   * Frames parsed from a byte sequence and how it ended.
   *
   * @param frames the valid frames, in order
   * @param end where and why parsing stopped
   */
  public record ParsedFrames(java.util.List<Frame> frames, LogEnd end) {}
}
