package dev.vane.server.store.history;

import static dev.vane.server.store.history.StoreFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.server.store.HistoryBucket;
import dev.vane.server.store.HistoryQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunked store against a real SQLite file: writes, merges, reads, sampling. */
class ChunkedHistoryStoreTest {
  @TempDir static Path dir;
  static StoreFixture f;

  @BeforeAll
  static void open() {
    f = new StoreFixture(dir);
  }

  @AfterAll
  static void close() {
    f.close();
  }

  private static List<Map<String, Object>> read(long run, HistoryQuery q) {
    return f.db.read(s -> s.history().read(run, q));
  }

  private static List<HistoryBucket> sampled(long run, String key, int b, Long lo, Long hi) {
    return f.db.read(s -> s.history().sampled(run, key, b, lo, hi));
  }

  @Test
  void everyBatchIsReadableAtOnce() {
    long run = f.newRun();
    long step = 0;
    for (int batch = 0; batch < 12; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 1000; i++, step++) {
        rows.add(row(step, "loss", 1.0 / (step + 1), "n", step * 3));
      }
      assertEquals(1000, f.put(run, rows));
      List<Map<String, Object>> all = read(run, HistoryQuery.all());
      assertEquals(step, all.size());
      Map<String, Object> last = all.get(all.size() - 1);
      assertEquals(step - 1, last.get("_step"));
      assertEquals(1.0 / step, last.get("loss"));
      assertEquals((step - 1) * 3, last.get("n"));
    }
    List<HistoryBucket> b = sampled(run, "n", 10, null, null);
    assertEquals(10, b.size());
    assertEquals(0.0, b.get(0).min());
    assertEquals(11999.0 * 3, b.get(9).max());
  }

  @Test
  void smallBatchesAreCompactedIntoFullChunks() throws Exception {
    long run = f.newRun();
    long step = 0;
    for (int batch = 0; batch < 300; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 15; i++, step++) {
        rows.add(row(step, "x", step * 0.5));
      }
      f.put(run, rows);
      if (batch % 50 == 0 || batch == 299) {
        List<Map<String, Object>> all = read(run, HistoryQuery.all());
        assertEquals(step, all.size());
        assertEquals((step - 1) * 0.5, all.get(all.size() - 1).get("x"));
      }
      assertTrue(chunkRows(run) <= 2 * (1 + HistoryWriter.MAX_OPEN_CHUNKS), "compacted");
    }
    // 4,500 points of x and of _step: a full chunk each, and at most 16 open chunks
    assertTrue(chunkRows(run) >= 2);
    List<HistoryBucket> b = sampled(run, "x", 3, null, null);
    assertEquals(4500, b.stream().mapToLong(HistoryBucket::count).sum());
    assertEquals(4499 * 0.5, b.get(2).max());
  }

  /**
   * A live run sends a batch a second: 10-row batches. Compaction merges chunks of similar size,
   * so a point is written into a chunk a few times in all, not once per compaction until its chunk
   * fills (about 13 times for 10-row batches when every compaction copied the whole open region).
   */
  @Test
  void streamingSmallBatchesWriteEachPointAFewTimes() throws Exception {
    long run = f.newRun();
    Set<String> seen = new java.util.HashSet<>();
    long written = 0;
    long step = 0;
    for (int batch = 0; batch < 1500; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++, step++) {
        rows.add(row(step, "x", Math.sin(step)));
      }
      f.put(run, rows);
      Map<String, Long> now = chunks(run);
      written += pointsInNewChunks(seen, now);
      seen = now.keySet();
      assertTrue(now.size() <= 2 * (step / ChunkCodec.MAX_POINTS + HistoryWriter.MAX_OPEN_CHUNKS + 1),
          "compacted: " + now.size() + " chunks after " + step + " steps");
    }
    double perPoint = written / (2.0 * step); // x and _step
    assertTrue(perPoint < 6, "each point written " + perPoint + " times");
    List<Map<String, Object>> all = read(run, HistoryQuery.all());
    assertEquals(step, all.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals((long) i, all.get(i).get("_step"));
      assertEquals(Math.sin(i), all.get(i).get("x"));
    }
  }

  /**
   * Series logged together reach the large merges in the same batch. A batch's compactions copy
   * about one chunk's worth of points; the rest wait for the next batches.
   */
  @Test
  void aBatchCopiesAboutAChunksWorthOfPointsHoweverManySeriesAreDue() throws Exception {
    long run = f.newRun();
    int keys = 30;
    Set<String> seen = new java.util.HashSet<>();
    long maxCopied = 0;
    long step = 0;
    for (int batch = 0; batch < 700; batch++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++, step++) {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("_step", step);
        for (int k = 0; k < keys; k++) {
          r.put("m" + k, step * 0.25 + k);
        }
        rows.add(r);
      }
      f.put(run, rows);
      Map<String, Long> now = chunks(run);
      maxCopied = Math.max(maxCopied, pointsInNewChunks(seen, now) - 10L * (keys + 1));
      seen = now.keySet();
      // deferred compactions leave more open chunks for a while, not without bound
      assertTrue(now.size() <= (keys + 1) * (step / ChunkCodec.MAX_POINTS + 2 * 16),
          now.size() + " chunks after " + step + " steps");
    }
    assertTrue(maxCopied <= 2L * HistoryWriter.COPY_BUDGET_POINTS,
        "a batch copied " + maxCopied + " points");
    List<Map<String, Object>> all = read(run, HistoryQuery.all());
    assertEquals(step, all.size());
    for (int i = 0; i < all.size(); i += 97) {
      assertEquals(i * 0.25 + 29, all.get(i).get("m29"));
    }
  }

  /** The points in the chunks of {@code now} that were not in {@code before}: points written. */
  private static long pointsInNewChunks(Set<String> before, Map<String, Long> now) {
    long points = 0;
    for (Map.Entry<String, Long> c : now.entrySet()) {
      points += before.contains(c.getKey()) ? 0 : c.getValue();
    }
    return points;
  }

  /** The run's chunk rows, each named by its series and step range, with its point count. */
  private static Map<String, Long> chunks(long run) throws Exception {
    Map<String, Long> out = new java.util.HashMap<>();
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vane.db"));
        var st = c.prepareStatement("SELECT series_id, min_step, max_step, point_count"
            + " FROM history_chunks WHERE run_pk = ?")) {
      st.setLong(1, run);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1) + ":" + rs.getLong(2) + "-" + rs.getLong(3), rs.getLong(4));
        }
      }
    }
    return out;
  }

  private static long chunkRows(long run) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vane.db"));
        var st = c.prepareStatement("SELECT COUNT(*) FROM history_chunks WHERE run_pk = ?")) {
      st.setLong(1, run);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void kindsChangingAcrossBatchesKeepEveryValueAndType() {
    long run = f.newRun();
    List<Object> expected = new ArrayList<>();
    long step = 0;
    Object[][] batches = {
      {0L, 1500}, {0.5, 1500}, {Long.MAX_VALUE, 1500}, {2.5, 3000}, {7L, 5000}, {"t", 10}, {1.0, 10}
    };
    for (Object[] b : batches) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < (int) b[1]; i++, step++) {
        Object v =
            b[0] instanceof Long l ? (Object) (l == Long.MAX_VALUE ? l - i : l + i)
                : b[0] instanceof Double d ? (Object) (d + i) : (Object) (b[0] + "" + i);
        rows.add(row(step, "m", v));
        expected.add(v);
      }
      f.put(run, rows);
      List<Map<String, Object>> all = read(run, HistoryQuery.all());
      assertEquals(expected.size(), all.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), all.get(i).get("m"), "step " + i);
      }
    }
    List<HistoryBucket> b = sampled(run, "m", 1, null, null);
    assertEquals(1, b.size());
    assertEquals(expected.size() - 10, b.get(0).count(), "text points are not sampled");
    assertEquals((double) Long.MAX_VALUE, b.get(0).max());
  }

  @Test
  void lateAndRepeatedStepsMergeWithNewKeysWinning() {
    long run = f.newRun();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int s = 0; s < 10_000; s += 2) {
      rows.add(row(s, "a", (long) s, "b", "text" + s));
    }
    assertEquals(5000, f.put(run, rows));
    // odd steps arrive late, and step 100 is written again with a new a and a new key c
    List<Map<String, Object>> late = new ArrayList<>();
    for (int s = 1; s < 10_000; s += 2) {
      late.add(row(s, "a", s + 0.5));
    }
    late.add(row(100, "a", 7.0, "c", true));
    assertEquals(5000, f.put(run, late));
    List<Map<String, Object>> all = read(run, HistoryQuery.all());
    assertEquals(10_000, all.size());
    for (int s = 0; s < 10_000; s++) {
      Map<String, Object> r = all.get(s);
      assertEquals((long) s, r.get("_step"));
      if (s == 100) {
        assertEquals(7.0, r.get("a"));
        assertEquals("text100", r.get("b"));
        assertEquals(true, r.get("c"));
      } else if (s % 2 == 0) {
        assertEquals((long) s, r.get("a"));
        assertEquals("text" + s, r.get("b"));
      } else {
        assertEquals(s + 0.5, r.get("a"));
        assertTrue(!r.containsKey("b"));
      }
    }
    // a numeric value replaces a text one at the same step, and the reverse
    f.put(run, List.of(row(4, "b", 1.5), row(6, "a", "now text")));
    Map<String, Object> r4 = read(run, new HistoryQuery(null, 4L, 6L, null)).get(0);
    assertEquals(1.5, r4.get("b"));
    Map<String, Object> r6 = read(run, new HistoryQuery(null, 6L, 6L, null)).get(0);
    assertEquals("now text", r6.get("a"));
    assertEquals(List.of("_step", "a", "b", "c"), f.db.read(s -> s.history().keys(run)));
  }

  @Test
  void valuesRoundTripExactly() {
    long run = f.newRun();
    Object[] values = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
      Long.MAX_VALUE, Long.MIN_VALUE, 3L, 2.0, "NaN", true, false, null, "", List.of(1, "x")
    };
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      rows.add(row(i, "v", values[i]));
    }
    f.put(run, rows);
    List<Map<String, Object>> all = read(run, HistoryQuery.all());
    assertEquals(values.length, all.size());
    for (int i = 0; i < values.length; i++) {
      Object got = all.get(i).get("v");
      if (values[i] instanceof Double d) {
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) got));
      } else {
        assertEquals(values[i], got, "value " + i);
      }
      assertTrue(all.get(i).containsKey("v"));
    }
  }

  @Test
  void aSingleSpikeInAMillionPointsIsABucketMax() {
    long run = f.newRun();
    Random random = new Random(4);
    int n = 1_000_000;
    int spikeAt = 612_345;
    int dipAt = 77_777;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      double v = s == spikeAt ? 1e6 : s == dipAt ? -1e6 : random.nextGaussian();
      rows.add(row(s, "loss", v));
      if (rows.size() == 50_000) {
        f.put(run, rows);
        rows = new ArrayList<>();
      }
    }
    List<HistoryBucket> b = sampled(run, "loss", 1000, null, null);
    assertEquals(1000, b.size());
    assertEquals(n, b.stream().mapToLong(HistoryBucket::count).sum());
    HistoryBucket spike = b.get(spikeAt / 1000);
    assertEquals(1e6, spike.max());
    assertEquals(-1e6, b.get(dipAt / 1000).min());
    assertEquals(b.stream().mapToDouble(HistoryBucket::max).max().orElseThrow(), 1e6);
    // buckets are contiguous slices of equal width
    for (int i = 0; i < b.size(); i++) {
      assertEquals(i * 1000L, b.get(i).minStep());
      assertEquals(i * 1000L + 999, b.get(i).maxStep());
      assertEquals(b.get(i).maxStep(), b.get(i).lastStep());
    }
    // a range cut inside chunks and blocks is exact too
    List<HistoryBucket> r = sampled(run, "loss", 7, 612_000L, 612_700L);
    assertEquals(701, r.stream().mapToLong(HistoryBucket::count).sum());
    assertEquals(1e6, r.stream().mapToDouble(HistoryBucket::max).max().orElseThrow());
    assertEquals(612_000L, r.get(0).minStep());
    assertEquals(612_700L, r.get(r.size() - 1).lastStep());
    // few points in the range: every point is its own bucket
    List<HistoryBucket> few = sampled(run, "loss", 1000, 612_300L, 612_400L);
    assertEquals(101, few.size());
    assertEquals(612_345L, few.get(45).minStep());
    assertEquals(1e6, few.get(45).max());
    assertEquals(1, few.get(45).count());
  }

  @Test
  void fewPointsAreEachTheirOwnBucketAndTextKeysHaveNone() {
    long run = f.newRun();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int s = 0; s < 50; s++) {
      rows.add(row(s * 1000L, "x", s % 7 == 0 ? Double.NaN : (double) s, "label", "l" + s));
    }
    f.put(run, rows);
    List<HistoryBucket> b = sampled(run, "x", 1000, null, null);
    assertEquals(50, b.size());
    assertTrue(Double.isNaN(b.get(0).min()));
    assertEquals(3.0, b.get(3).last());
    assertEquals(List.of(), sampled(run, "label", 1000, null, null));
    assertEquals(List.of(), sampled(run, "missing", 1000, null, null));
    List<HistoryBucket> two = sampled(run, "x", 2, null, null);
    assertEquals(2, two.size());
    assertEquals(50, two.get(0).count() + two.get(1).count());
    assertEquals(48.0, two.get(1).max()); // 49 is a multiple of 7: NaN
    assertEquals(1.0, two.get(0).min());
  }

  @Test
  void pagingAndKeyFilters() {
    long run = f.newRun();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int s = 0; s < 20_000; s++) {
      Map<String, Object> r = row(s, "_runtime", s * 0.1, "_timestamp", 1.7e9 + s, "loss", 1.0);
      if (s % 1000 == 0) {
        r.put("acc", s / 20_000.0);
      }
      rows.add(r);
    }
    f.put(run, rows);
    List<Map<String, Object>> acc = read(run, new HistoryQuery(Set.of("acc"), 3000L, null, 5));
    assertEquals(5, acc.size());
    assertEquals(3000L, acc.get(0).get("_step"));
    assertEquals(
        List.of("_step", "_runtime", "_timestamp", "acc"), List.copyOf(acc.get(0).keySet()));
    assertEquals(7000L, acc.get(4).get("_step"));
    List<Map<String, Object>> page = read(run, new HistoryQuery(null, 10_000L, 10_009L, null));
    assertEquals(10, page.size());
    assertEquals(10_009L, page.get(9).get("_step"));
  }

  @Test
  void deletingARunRemovesItsHistory() {
    long run = f.newRun();
    f.put(run, List.of(row(0, "a", 1.0, "b", "x"), row(1, "a", 2.0)));
    f.db.write(
        s -> {
          s.history().deleteAll(run);
          return null;
        });
    assertEquals(List.of(), read(run, HistoryQuery.all()));
    assertEquals(List.of(), f.db.read(s -> s.history().keys(run)));
  }
}
