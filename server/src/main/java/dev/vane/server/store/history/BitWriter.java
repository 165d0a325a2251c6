package dev.vane.server.store.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes bits most significant first into a growing byte array. A 64-bit accumulator keeps the
 * per-write cost to a few shifts, since the codecs call it once or twice per point.
 */
final class BitWriter {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private int byteLength;
  private long current;
  private int free = 64;

  BitWriter(int expectedBytes) {
    bytes = new byte[Math.max(16, expectedBytes)];
  }

  /** Writes the low {@code bits} bits (1 to 64) of {@code value}. */
  void write(long value, int bits) {
    long v = bits == 64 ? value : value & ((1L << bits) - 1);
    if (bits < free) {
      current |= v << (free - bits);
      free -= bits;
      return;
    }
    int rest = bits - free;
    current |= v >>> rest;
    flushWord();
    if (rest > 0) {
      current = v << (64 - rest);
      free = 64 - rest;
    }
  }

  /** Writes one bit. */
  void writeBit(boolean bit) {
    write(bit ? 1 : 0, 1);
  }

  /** Pads with zero bits to the next byte boundary, so what follows can be found by offset. */
  void alignToByte() {
    int used = 64 - free;
    if (used == 0) {
      return;
    }
    int whole = (used + 7) >>> 3;
    ensure(whole);
    for (int i = 0; i < whole; i++) {
      bytes[byteLength++] = (byte) (current >>> (56 - 8 * i));
    }
    current = 0;
    free = 64;
  }

  /** Bytes written so far; only exact after {@link #alignToByte}. */
  int byteLength() {
    return byteLength;
  }

  /** The bytes, after aligning. */
  byte[] toBytes() {
    alignToByte();
    return Arrays.copyOf(bytes, byteLength);
  }

  /** Appends the written bytes to {@code out}, after aligning. */
  void copyTo(ByteSink out) {
    alignToByte();
    out.writeBytes(bytes, 0, byteLength);
  }

  private void flushWord() {
    ensure(8);
    LONGS.set(bytes, byteLength, current);
    byteLength += 8;
    current = 0;
    free = 64;
  }

  private void ensure(int more) {
    if (byteLength + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, byteLength + more));
    }
  }
}
