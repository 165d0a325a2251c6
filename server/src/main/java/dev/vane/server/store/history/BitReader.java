package dev.vane.server.store.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads bits most significant first from a slice of a byte array; past the end reads zeros. */
final class BitReader {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private final int end;
  private long bitPos;

  /** Reads {@code bytes[from, to)}. */
  BitReader(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.end = to;
    this.bitPos = (long) from << 3;
  }

  /** Reads {@code bits} bits (1 to 64) as an unsigned value. */
  long read(int bits) {
    int byteIndex = (int) (bitPos >>> 3);
    int offset = (int) (bitPos & 7);
    long word = load(byteIndex);
    if (offset != 0) {
      word = (word << offset) | ((loadByte(byteIndex + 8) & 0xFFL) >>> (8 - offset));
    }
    bitPos += bits;
    return word >>> (64 - bits);
  }

  /** Reads one bit. */
  boolean readBit() {
    int byteIndex = (int) (bitPos >>> 3);
    int b = loadByte(byteIndex);
    boolean bit = ((b >>> (7 - (int) (bitPos & 7))) & 1) != 0;
    bitPos++;
    return bit;
  }

  private long load(int byteIndex) {
    if (byteIndex + 8 <= end) {
      return (long) LONGS.get(bytes, byteIndex);
    }
    long word = 0;
    for (int i = 0; i < 8; i++) {
      word = (word << 8) | (loadByte(byteIndex + i) & 0xFFL);
    }
    return word;
  }

  private int loadByte(int index) {
    return index < end ? bytes[index] : 0;
  }
}
