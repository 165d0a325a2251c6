package dev.vane.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalFormatTest {

  @Test
  void sparklineSpansTheEightBars() {
    assertEquals("▁▂▃▄▅▆▇█", TerminalFormat.sparkline(new double[] {0, 1, 2, 3, 4, 5, 6, 7}));
    assertEquals("█▁", TerminalFormat.sparkline(new double[] {2, 1}));
    assertEquals("▁", TerminalFormat.sparkline(new double[] {0.9}));
    assertEquals("▁▁▁", TerminalFormat.sparkline(new double[] {3, 3, 3}));
    assertEquals("", TerminalFormat.sparkline(new double[0]));
  }

  @Test
  void numbersHaveUpToFiveSignificantDigits() {
    assertEquals("0.9", TerminalFormat.number(0.9));
    assertEquals("0.5", TerminalFormat.number(0.5));
    assertEquals("0.95849", TerminalFormat.number(0.9584880427028566));
    assertEquals("0.10532", TerminalFormat.number(0.10531971149250456));
    assertEquals("1", TerminalFormat.number(1.0));
    assertEquals("1234.6", TerminalFormat.number(1234.5678));
    assertEquals("12346", TerminalFormat.number(12345.678));
    assertEquals("1.2346e+05", TerminalFormat.number(123456.7));
    assertEquals("1e+06", TerminalFormat.number(1e6));
    assertEquals("0.0001", TerminalFormat.number(0.0001));
    assertEquals("1.2346e-05", TerminalFormat.number(0.0000123456));
    assertEquals("-0.33333", TerminalFormat.number(-1.0 / 3));
    assertEquals("0", TerminalFormat.number(0.0));
    assertEquals("NaN", TerminalFormat.number(Double.NaN));
    assertEquals("inf", TerminalFormat.number(Double.POSITIVE_INFINITY));
    assertEquals("-inf", TerminalFormat.number(Double.NEGATIVE_INFINITY));
  }

  @Test
  void summaryValues() {
    assertEquals("12345678901", TerminalFormat.value(12345678901L));
    assertEquals("true", TerminalFormat.value(true));
    assertEquals("short", TerminalFormat.value("short"));
    assertEquals("abcdefghijklmnopqrst...", TerminalFormat.value("abcdefghijklmnopqrstuvwxyz"));
  }

  @Test
  void samplerKeepsBoundedEvenlySpacedSamplesEndingWithTheLastValue() {
    MetricSampler s = new MetricSampler(80);
    for (int i = 0; i < 1_000_000; i++) {
      s.add(i);
    }
    s.add(Double.NaN);
    double[] samples = s.samples(40);
    assertEquals(40, samples.length);
    assertEquals(0, samples[0]);
    assertEquals(999_999, samples[39]);
    for (int i = 1; i < samples.length; i++) {
      assertTrue(samples[i] > samples[i - 1]);
    }
    assertEquals(1_000_000, s.count());
    assertEquals(TerminalFormat.sparkline(samples).length(), 40);
  }

  @Test
  void samplerWithFewValuesKeepsThemAll() {
    MetricSampler s = new MetricSampler(80);
    for (int i = 0; i < 10; i++) {
      s.add(i * 2);
    }
    assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, s.samples(40));
    MetricSampler odd = new MetricSampler(4);
    for (int i = 0; i < 7; i++) {
      odd.add(i);
    }
    double[] got = odd.samples(40);
    assertEquals(6, got[got.length - 1]);
    assertEquals(0, got[0]);
  }
}
