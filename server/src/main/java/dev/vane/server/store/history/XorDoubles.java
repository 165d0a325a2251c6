package dev.vane.server.store.history;

/**
 * Gorilla's XOR encoding of doubles, on their raw bits so every value (NaN payloads, -0.0,
 * subnormals) round-trips exactly. The first value is written whole; each next one as its XOR with
 * the previous: '0' when equal; '10' + the meaningful bits when they fit the previous window of
 * leading and trailing zeros; else '11' + 5 bits leading zeros + 6 bits (length - 1) + the bits.
 * The noise in a training curve's mantissa leaves ~50 meaningful bits, so ~6.5-7 bytes a point.
 */
final class XorDoubles {
  private long previous;
  private int previousLeading = -1;
  private int previousTrailing;
  private boolean started;

  /** Writes the next value's bits. */
  void write(BitWriter out, long bits) {
    if (!started) {
      out.write(bits, 64);
      previous = bits;
      started = true;
      return;
    }
    long xor = bits ^ previous;
    previous = bits;
    if (xor == 0) {
      out.write(0, 1);
      return;
    }
    int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
    int trailing = Long.numberOfTrailingZeros(xor);
    if (previousLeading >= 0 && leading >= previousLeading && trailing >= previousTrailing) {
      out.write(0b10, 2);
      out.write(xor >>> previousTrailing, 64 - previousLeading - previousTrailing);
    } else {
      int length = 64 - leading - trailing;
      out.write((0b11L << 11) | ((long) leading << 6) | (length - 1), 13);
      out.write(xor >>> trailing, length);
      previousLeading = leading;
      previousTrailing = trailing;
    }
  }

  /** Reads the next value's bits. */
  long read(BitReader in) {
    if (!started) {
      previous = in.read(64);
      started = true;
      return previous;
    }
    if (!in.readBit()) {
      return previous;
    }
    if (in.readBit()) {
      previousLeading = (int) in.read(5);
      int length = (int) in.read(6) + 1;
      previousTrailing = 64 - previousLeading - length;
    }
    int length = 64 - previousLeading - previousTrailing;
    long xor = in.read(length) << previousTrailing;
    previous ^= xor;
    return previous;
  }
}
