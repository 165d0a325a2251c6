package dev.vane.server.store.history;

/** Reads what {@link ByteSink} wrote. */
final class ByteSource {
  private final byte[] bytes;
  private int pos;

  ByteSource(byte[] bytes, int pos) {
    this.bytes = bytes;
    this.pos = pos;
  }

  /** Reads an unsigned varint. */
  long readVarLong() {
    long v = 0;
    int shift = 0;
    while (true) {
      byte b = bytes[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
      shift += 7;
    }
  }

  /** Reads a varint that must fit an int. */
  int readVarInt() {
    return Math.toIntExact(readVarLong());
  }

  /** Reads 8 bytes, big-endian. */
  long readLong() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[pos++] & 0xFFL);
    }
    return v;
  }

  /** Reads one unsigned byte. */
  int readByte() {
    return bytes[pos++] & 0xFF;
  }

  /** The offset of the next byte. */
  int position() {
    return pos;
  }
}
