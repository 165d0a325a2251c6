package dev.vane.server.store.history;

/**
 * What a point's value is, as a byte so columns of points stay primitive arrays. A chunk holds one
 * numeric kind; text points live in the {@code history_values} side table.
 */
final class ValueKind {
  /** An integer (Integer, Long, Short, Byte): the point's bits are the long itself. */
  static final byte LONG = 0;
  /** A floating-point number: the point's bits are the double's raw bits. */
  static final byte DOUBLE = 1;
  /** Anything else (string, boolean, null, big number, list): kept as JSON beside the chunks. */
  static final byte TEXT = 2;
  /**
   * A chunk of integers and doubles mixed (a key logged as 3 here and 0.5 there): values encoded
   * as doubles plus a bit per point saying which were integers. Only for integers a double holds
   * exactly ({@code |v| <= 2^53}); any other integer starts a new chunk.
   */
  static final byte MIXED = 3;

  private ValueKind() {}

  /** Whether an integer survives the trip through a double, so it may go in a MIXED chunk. */
  static boolean fitsDouble(long v) {
    return v >= -(1L << 53) && v <= (1L << 53);
  }

  /** The value as a double, for statistics and charts (MIXED chunk statistics are doubles). */
  static double asDouble(byte kind, long bits) {
    return kind == LONG ? (double) bits : Double.longBitsToDouble(bits);
  }

  /** The value as the Java object the API writes. */
  static Object box(byte kind, long bits) {
    return kind == LONG ? (Object) bits : (Object) Double.longBitsToDouble(bits);
  }
}
