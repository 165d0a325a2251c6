package dev.vane.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** How values look in the terminal: sparklines and short numbers, as W&amp;B prints them. */
public final class TerminalFormat {
  private static final String SPARK = "▁▂▃▄▅▆▇█";
  private static final int MAX_STRING = 20;

  private TerminalFormat() {}

  /** A sparkline of the values, one character each; all equal values draw the lowest bar. */
  public static String sparkline(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    StringBuilder b = new StringBuilder(values.length);
    double range = max - min;
    for (double v : values) {
      int level = range > 0 && Double.isFinite(range)
          ? (int) Math.round((v - min) / range * (SPARK.length() - 1)) : 0;
      b.append(SPARK.charAt(Math.max(0, Math.min(SPARK.length() - 1, level))));
    }
    return b.toString();
  }

  /**
   * A summary value: integers as they are, other numbers with up to 5 significant digits (Go's
   * {@code %.5g} without trailing zeros: 0.95849, 1.2346e+06), long strings cut at 20 characters.
   */
  public static String value(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return number(((Number) v).doubleValue());
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    if (v instanceof String s) {
      return s.length() > MAX_STRING ? s.substring(0, MAX_STRING) + "..." : s;
    }
    return String.valueOf(v);
  }

  /** A double with up to 5 significant digits. */
  public static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal r = new BigDecimal(d).round(new MathContext(5, RoundingMode.HALF_EVEN));
    int exponent = r.precision() - r.scale() - 1;
    if (exponent < -4 || exponent >= 5) {
      BigDecimal mantissa = r.movePointLeft(exponent).stripTrailingZeros();
      String m = mantissa.scale() < 0 ? mantissa.setScale(0).toPlainString()
          : mantissa.toPlainString();
      String sign = exponent < 0 ? "-" : "+";
      int abs = Math.abs(exponent);
      return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }
    BigDecimal plain = r.stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
  }
}
