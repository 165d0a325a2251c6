package dev.vane.server.store.history;

import java.util.Arrays;

/** A growing byte array with unsigned LEB128 varints and fixed 8-byte big-endian longs. */
final class ByteSink {
  private byte[] bytes;
  private int length;

  ByteSink(int expected) {
    bytes = new byte[Math.max(16, expected)];
  }

  /** Writes an unsigned varint (7 bits a byte, low bits first); 1 to 10 bytes. */
  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[length++] = (byte) v;
  }

  /** Writes 8 bytes, big-endian. */
  void writeLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[length++] = (byte) (v >>> (56 - 8 * i));
    }
  }

  /** Writes one byte. */
  void writeByte(int b) {
    ensure(1);
    bytes[length++] = (byte) b;
  }

  /** Appends a slice of another array. */
  void writeBytes(byte[] src, int from, int count) {
    ensure(count);
    System.arraycopy(src, from, bytes, length, count);
    length += count;
  }

  /** The bytes written. */
  byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
