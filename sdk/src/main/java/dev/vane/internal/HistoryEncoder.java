package dev.vane.internal;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.vane.protocol.HistoryRow;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes history row payloads (and the summary updates of aggregates, {@link #beginSummary()}), {@code {"values":{"k":v,...,"_step":N,"_runtime":R,"_timestamp":T}}},
 * straight from the {@link RowBuffer} into a reused buffer: no map, no {@code HistoryRow}, no
 * Jackson tree on the hot path. The bytes decode with {@code RecordCodec.decode} to the same row
 * that encoding a {@code HistoryRow} with Jackson gives: doubles in their shortest exact form
 * (NaN and infinities as the bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity}),
 * longs in decimal, strings escaped as JSON requires and encoded as UTF-8. Not
 * thread-safe: the run's lock guards it.
 */
final class HistoryEncoder {
  private static final byte[] OPEN = "{\"values\":{".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STEP = name(HistoryRow.STEP);
  private static final byte[] RUNTIME = name(HistoryRow.RUNTIME);
  private static final byte[] TIMESTAMP = name(HistoryRow.TIMESTAMP);
  private static final byte[] SUMMARY_CLOSE = "},\"removed\":[]}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final int MAX_KEPT_BYTES = 1 << 20;

  private byte[] buf = new byte[1024];
  private int pos;
  private int entries;
  /** Longs are formatted here: StringBuilder.append(long) allocates no String. */
  private final StringBuilder number = new StringBuilder(32);

  /**
   * The payload of a row with its step, runtime and timestamp (in microseconds, written as
   * seconds: {@code 12.5}, {@code 1795793230.000125}), as a new exact-size array.
   */
  byte[] encode(RowBuffer row, long step, long runtimeMicros, long timestampMicros) {
    int n = encodeInPlace(row, step, runtimeMicros, timestampMicros);
    byte[] out = Arrays.copyOf(buf, n);
    trim();
    return out;
  }

  /**
   * Encodes a row as {@link #encode} does, into {@link #buffer()}, and returns the payload's
   * length; the hot path appends it from there without a copy.
   */
  int encodeInPlace(RowBuffer row, long step, long runtimeMicros, long timestampMicros) {
    pos = 0;
    raw(OPEN);
    for (int i = 0; i < row.size(); i++) {
      raw(row.key(i).jsonName());
      value(row.value(i));
      put((byte) ',');
    }
    raw(STEP);
    number.setLength(0);
    number.append(step);
    ascii(number);
    put((byte) ',');
    raw(RUNTIME);
    seconds(runtimeMicros);
    put((byte) ',');
    raw(TIMESTAMP);
    seconds(timestampMicros);
    put((byte) '}');
    put((byte) '}');
    return pos;
  }

  /** The buffer {@link #encodeInPlace} wrote into; valid until the next call. */
  byte[] buffer() {
    return buf;
  }

  /** Drops a buffer grown by one huge row, so it does not stay pinned for the rest of the run. */
  void trim() {
    if (buf.length > MAX_KEPT_BYTES) {
      buf = new byte[1024];
    }
  }

  /**
   * Starts a summary update payload, {@code {"values":{"key":{"min":0.1,...},...},"removed":[]}},
   * which decodes as the {@code SummaryUpdate} of the same values: the run writes one after each
   * row that changed summary aggregates, so it too skips the map copies and Jackson.
   */
  void beginSummary() {
    pos = 0;
    raw(OPEN);
    entries = 0;
  }

  /** Adds a key's aggregates (aggregate name to value) to the summary update. */
  void summaryEntry(MetricState key, Map<String, Object> aggregates) {
    if (entries++ > 0) {
      put((byte) ',');
    }
    raw(key.jsonName());
    put((byte) '{');
    boolean first = true;
    for (Map.Entry<String, Object> e : aggregates.entrySet()) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      string(e.getKey());
      put((byte) ':');
      value(e.getValue());
    }
    put((byte) '}');
  }

  /** The summary update payload, as a new exact-size array. */
  byte[] endSummary() {
    raw(SUMMARY_CLOSE);
    return Arrays.copyOf(buf, pos);
  }

  /** {@code "name":} as UTF-8 JSON. */
  static byte[] name(String name) {
    HistoryEncoder e = new HistoryEncoder();
    e.string(name);
    e.put((byte) ':');
    return Arrays.copyOf(e.buf, e.pos);
  }

  private void value(Object v) {
    if (v instanceof Double d) {
      number(d);
    } else if (v instanceof Long l) {
      number.setLength(0);
      number.append((long) l);
      ascii(number);
    } else if (v instanceof Boolean b) {
      if (b) {
        put((byte) 't');
        put((byte) 'r');
        put((byte) 'u');
        put((byte) 'e');
      } else {
        put((byte) 'f');
        put((byte) 'a');
        put((byte) 'l');
        put((byte) 's');
        put((byte) 'e');
      }
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Number n) {
      // Values are normalized to Long and Double; any other number is written as a double.
      number(n.doubleValue());
    } else {
      throw new IllegalArgumentException("unsupported history value: " + v);
    }
  }

  /**
   * A double in its shortest exact form; NaN and infinities bare. Jackson's Schubfach writer (the
   * algorithm Java 19 adopted) is several times faster than Java 17's {@code Double.toString}.
   */
  private void number(double d) {
    ascii(NumberOutput.toString(d, true));
  }

  /**
   * Microseconds as decimal seconds with at least one fraction digit, so that the value reads
   * back as a double as before ({@code 3.0}, not {@code 3}), and without trailing zeroes.
   */
  private void seconds(long micros) {
    if (micros < 0) {
      number(micros / 1e6); // before 1970 or a clock gone wrong: rare, exactness does not matter
      return;
    }
    number.setLength(0);
    number.append(micros / 1_000_000);
    ascii(number);
    ensure(8);
    buf[pos++] = '.';
    int frac = (int) (micros % 1_000_000);
    int end = pos + 6;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    while (end > pos + 1 && buf[end - 1] == '0') {
      end--;
    }
    pos = end;
  }

  private void ascii(CharSequence s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  private void string(String s) {
    int n = s.length();
    // At most 6 bytes per char (\\u00XX, or 3 UTF-8 bytes), plus the quotes.
    ensure(6 * n + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[p++] = (byte) c;
        } else if (c == '"' || c == '\\') {
          b[p++] = '\\';
          b[p++] = (byte) c;
        } else {
          p = escape(b, p, c);
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xf0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate has no UTF-8 form; the escape decodes back to the same char.
        p = escape(b, p, c);
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[p++] = '"';
    pos = p;
  }

  private static int escape(byte[] b, int p, char c) {
    b[p++] = '\\';
    switch (c) {
      case '\n' -> b[p++] = 'n';
      case '\r' -> b[p++] = 'r';
      case '\t' -> b[p++] = 't';
      default -> {
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xf];
        b[p++] = HEX[(c >> 8) & 0xf];
        b[p++] = HEX[(c >> 4) & 0xf];
        b[p++] = HEX[c & 0xf];
      }
    }
    return p;
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    buf[pos++] = b;
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
