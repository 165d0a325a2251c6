package dev.vane.server.store.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunk format round-trips every value exactly and keeps exact statistics. */
class ChunkCodecTest {
  private static final double[] SPECIAL = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    -0.0,
    0.0,
    Double.MIN_VALUE,
    Double.MIN_NORMAL / 3,
    -Double.MAX_VALUE,
    Double.MAX_VALUE,
    Double.longBitsToDouble(0x7ff8_0000_0000_1234L) // a NaN with a payload
  };

  @Test
  void randomDoublesWithSpecialsRoundTrip() {
    Random random = new Random(1);
    int n = 3000;
    long[] steps = new long[n];
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      long gap = random.nextInt(10) == 0 ? random.nextInt(1 << 20) : 0;
      steps[i] = i == 0 ? 5 : steps[i - 1] + 1 + gap;
      double v =
          switch (random.nextInt(4)) {
            case 0 -> SPECIAL[random.nextInt(SPECIAL.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextGaussian();
            default -> Math.exp(-i / 500.0) + random.nextGaussian() * 0.01;
          };
      bits[i] = Double.doubleToRawLongBits(v);
    }
    assertRoundTrip(ValueKind.DOUBLE, steps, bits);
  }

  @Test
  void integersNearTheLimitsAndHugeStepsRoundTrip() {
    Random random = new Random(2);
    int n = 2000;
    long[] steps = new long[n];
    long[] bits = new long[n];
    long[] specials = {
      Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1
    };
    for (int i = 0; i < n; i++) {
      long gap = random.nextBoolean() ? 0 : random.nextLong() >>> 20;
      steps[i] = i == 0 ? 0 : steps[i - 1] + 1 + gap;
      bits[i] =
          random.nextBoolean() ? specials[random.nextInt(specials.length)] : random.nextLong();
    }
    steps[n - 1] = Long.MAX_VALUE; // the largest step there is
    assertRoundTrip(ValueKind.LONG, steps, bits);
  }

  @Test
  void aCounterCostsUnderOneBytePerPoint() {
    int n = ChunkCodec.MAX_POINTS;
    long[] steps = new long[n];
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i;
      bits[i] = 1000L + i;
    }
    byte[] chunk = ChunkCodec.encode(ValueKind.LONG, kinds(ValueKind.LONG, n), steps, bits, 0, n);
    assertTrue(chunk.length < n / 2, "counter: " + chunk.length + " bytes for " + n + " points");
    assertRoundTrip(ValueKind.LONG, steps, bits);
  }

  @Test
  void aNoisyLossCurveCostsUnderNineBytesPerPoint() {
    Random random = new Random(3);
    int n = ChunkCodec.MAX_POINTS;
    long[] steps = new long[n];
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i;
      bits[i] =
          Double.doubleToRawLongBits(2.5 * Math.exp(-i / 2000.0) + 0.05 * random.nextGaussian());
    }
    byte[] chunk =
        ChunkCodec.encode(ValueKind.DOUBLE, kinds(ValueKind.DOUBLE, n), steps, bits, 0, n);
    double perPoint = chunk.length / (double) n;
    assertTrue(perPoint < 9, "loss: " + perPoint + " bytes a point");
  }

  @Test
  void statisticsLeaveNaNOutOfMinAndMax() {
    long[] steps = {1, 2, 3, 4};
    long[] bits = {
      Double.doubleToRawLongBits(Double.NaN),
      Double.doubleToRawLongBits(-3),
      Double.doubleToRawLongBits(7),
      Double.doubleToRawLongBits(Double.NaN)
    };
    ChunkStats s = ChunkStats.of(kinds(ValueKind.DOUBLE, 4), steps, bits, 0, 4);
    assertEquals(new ChunkStats(4, 1, 4, -3, 7, Double.NaN, Double.NaN), s);
    long[] allNaN = {bits[0], bits[0]};
    ChunkStats n = ChunkStats.of(kinds(ValueKind.DOUBLE, 2), steps, allNaN, 0, 2);
    assertTrue(Double.isNaN(n.min()) && Double.isNaN(n.max()));
    ChunkCodec.Header h =
        ChunkCodec.header(
            ChunkCodec.encode(ValueKind.DOUBLE, kinds(ValueKind.DOUBLE, 4), steps, bits, 0, 4));
    assertEquals(-3.0, Double.longBitsToDouble(h.blocks()[0].minBits()));
    assertEquals(7.0, Double.longBitsToDouble(h.blocks()[0].maxBits()));
  }

  @Test
  void integersAndDoublesMixInOneChunk() {
    Random random = new Random(5);
    int n = 1000;
    long[] steps = new long[n];
    long[] bits = new long[n];
    byte[] kinds = new byte[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i * 2L;
      boolean integer = random.nextBoolean();
      kinds[i] = integer ? ValueKind.LONG : ValueKind.DOUBLE;
      bits[i] =
          integer
              ? (random.nextBoolean() ? 1L << 53 : random.nextInt())
              : Double.doubleToRawLongBits(random.nextBoolean() ? -0.0 : random.nextDouble());
    }
    byte[] chunk = ChunkCodec.encode(ValueKind.MIXED, kinds, steps, bits, 0, n);
    PointColumn out = new PointColumn(16);
    ChunkCodec.decode(chunk, out);
    for (int i = 0; i < n; i++) {
      assertEquals(kinds[i], out.kind(i), "kind " + i);
      assertEquals(bits[i], out.bits(i), "value " + i);
    }
  }

  private static byte[] kinds(byte kind, int n) {
    byte[] k = new byte[n];
    java.util.Arrays.fill(k, kind);
    return k;
  }

  private static void assertRoundTrip(byte kind, long[] steps, long[] bits) {
    int n = steps.length;
    for (int from = 0; from < n; from += ChunkCodec.MAX_POINTS) {
      int to = Math.min(n, from + ChunkCodec.MAX_POINTS);
      byte[] chunk = ChunkCodec.encode(kind, kinds(kind, n), steps, bits, from, to);
      PointColumn out = new PointColumn(16);
      ChunkCodec.decode(chunk, out);
      assertEquals(to - from, out.size());
      for (int i = from; i < to; i++) {
        assertEquals(steps[i], out.step(i - from), "step " + i);
        assertEquals(bits[i], out.bits(i - from), "value " + i);
      }
      ChunkCodec.Header h = ChunkCodec.header(chunk);
      assertEquals(kind, h.kind());
      assertEquals(to - from, h.count());
      int expectedBlocks = (to - from + ChunkCodec.BLOCK_POINTS - 1) / ChunkCodec.BLOCK_POINTS;
      assertEquals(expectedBlocks, h.blocks().length);
      assertEquals(steps[from], h.blocks()[0].minStep());
      assertEquals(steps[to - 1], h.blocks()[expectedBlocks - 1].maxStep());
    }
  }
}
