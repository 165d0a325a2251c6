package dev.vane.server.store.history;

/**
 * Delta-of-delta integers with Gorilla-style prefix codes, for steps and integer values. A series
 * that grows by a constant (steps 0, 1, 2 ... or a counter) costs one bit a point. Arithmetic wraps
 * modulo 2^64, so any long sequence round-trips, values near the limits included.
 *
 * <pre>
 * '0'                 dod = 0
 * '10'   + 7 bits     zigzag(dod) &lt; 2^7
 * '110'  + 12 bits    zigzag(dod) &lt; 2^12
 * '1110' + 20 bits    zigzag(dod) &lt; 2^20
 * '1111' + 64 bits    anything else
 * </pre>
 */
final class DeltaOfDelta {
  private long previous;
  private long previousDelta;

  /** Starts from a previous value and delta (0, 0 for values; the first step, 1 for steps). */
  DeltaOfDelta(long previous, long previousDelta) {
    this.previous = previous;
    this.previousDelta = previousDelta;
  }

  /** Writes the next value. */
  void write(BitWriter out, long value) {
    long delta = value - previous;
    long zz = zigzag(delta - previousDelta);
    previous = value;
    previousDelta = delta;
    // prefix and payload in one write where they fit in 64 bits
    if (zz == 0) {
      out.write(0, 1);
    } else if (Long.compareUnsigned(zz, 1L << 7) < 0) {
      out.write((0b10L << 7) | zz, 9);
    } else if (Long.compareUnsigned(zz, 1L << 12) < 0) {
      out.write((0b110L << 12) | zz, 15);
    } else if (Long.compareUnsigned(zz, 1L << 20) < 0) {
      out.write((0b1110L << 20) | zz, 24);
    } else {
      out.write(0b1111, 4);
      out.write(zz, 64);
    }
  }

  /** Reads the next value. */
  long read(BitReader in) {
    long zz;
    if (!in.readBit()) {
      zz = 0;
    } else if (!in.readBit()) {
      zz = in.read(7);
    } else if (!in.readBit()) {
      zz = in.read(12);
    } else if (!in.readBit()) {
      zz = in.read(20);
    } else {
      zz = in.read(64);
    }
    long delta = previousDelta + ((zz >>> 1) ^ -(zz & 1));
    previous += delta;
    previousDelta = delta;
    return previous;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }
}
