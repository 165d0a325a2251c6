package dev.vane.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MalformedRecordException;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.VaneJson;
import dev.vane.server.store.history.HistoryBatch;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming HISTORY decoder against the record mapper it replaces: the same rows, values typed
 * the same way (double bits included), the same rejections.
 */
class HistoryRowDecoderTest {

  /** The row the streaming decoder gives, as a map. */
  private static Map<String, Object> streamed(String json) {
    HistoryBatch batch = new HistoryBatch();
    assertNull(HistoryRowDecoder.decode(bytes(json), batch), json);
    assertEquals(1, batch.size(), json);
    return batch.toRows().get(0);
  }

  /** The row the record mapper gives, put through a batch the same way (so types compare). */
  private static Map<String, Object> mapped(String json) {
    HistoryRow row = (HistoryRow) RecordCodec.decode(RecordType.HISTORY, bytes(json));
    HistoryBatch batch = new HistoryBatch();
    batch.addRow(row.values(), ((Number) row.values().get("_step")).longValue());
    return batch.toRows().get(0);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Same keys in the same order, same classes, same values (doubles by their bits). */
  private static void assertSame(String json) {
    Map<String, Object> expected = mapped(json);
    Map<String, Object> actual = streamed(json);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), json);
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      Object x = e.getValue();
      if (x instanceof Double d) {
        assertTrue(a instanceof Double, json + " " + e.getKey());
        assertEquals(
            Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) a), json);
      } else {
        assertEquals(x, a, json + " " + e.getKey());
        assertEquals(x == null ? null : x.getClass(), a == null ? null : a.getClass(), json);
      }
    }
  }

  @Test
  void nonFiniteAndSignedZeroKeepTheirBits() {
    String json =
        "{\"values\":{\"_step\":3,\"n\":NaN,\"p\":Infinity,\"m\":-Infinity,\"z\":-0.0,"
            + "\"zz\":0.0,\"tiny\":4.9E-324,\"max\":1.7976931348623157E308,\"over\":1e400}}";
    assertSame(json);
    Map<String, Object> row = streamed(json);
    assertTrue(((Double) row.get("n")).isNaN());
    assertEquals(Double.POSITIVE_INFINITY, row.get("p"));
    assertEquals(Double.NEGATIVE_INFINITY, row.get("m"));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) row.get("z")));
    assertEquals(Double.POSITIVE_INFINITY, row.get("over"));
  }

  @Test
  void randomDoublesParseExactly() {
    Random random = new Random(42);
    StringBuilder json = new StringBuilder("{\"values\":{\"_step\":0");
    for (int i = 0; i < 5000; i++) {
      double d =
          switch (i % 4) {
            case 0 -> random.nextDouble();
            case 1 -> Double.longBitsToDouble(random.nextLong()); // any bits, NaNs included
            case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300);
            default -> Math.round(random.nextDouble() * 1e6) / 1e3;
          };
      String text =
          Double.isNaN(d)
              ? "NaN"
              : switch (i % 3) {
                case 0 -> Double.toString(d);
                case 1 -> String.format(java.util.Locale.ROOT, "%.25e", d); // more digits than needed
                default -> new java.math.BigDecimal(d).toString(); // the exact binary value
              };
      if (Double.isInfinite(d)) {
        text = d > 0 ? "Infinity" : "-Infinity";
      }
      json.append(",\"k").append(i).append("\":").append(text);
    }
    json.append("}}");
    assertSame(json.toString());
  }

  @Test
  void integersAndBigIntegers() {
    String json =
        "{\"values\":{\"_step\":1,\"i\":42,\"neg\":-7,\"max\":9223372036854775807,"
            + "\"min\":-9223372036854775808,\"big\":9223372036854775808,"
            + "\"huge\":123456789012345678901234567890,\"nbig\":-99999999999999999999}}";
    assertSame(json);
    Map<String, Object> row = streamed(json);
    assertEquals(42L, row.get("i"));
    assertEquals(Long.MAX_VALUE, row.get("max"));
    assertEquals(Long.MIN_VALUE, row.get("min"));
    assertEquals(new BigInteger("9223372036854775808"), row.get("big"));
    assertEquals(new BigInteger("123456789012345678901234567890"), row.get("huge"));
  }

  @Test
  void stringsThatLookLikeNumbersStayStrings() {
    String json =
        "{\"values\":{\"_step\":1,\"a\":\"1.5\",\"b\":\"NaN\",\"c\":\"Infinity\",\"d\":\"7\","
            + "\"e\":\"\",\"t\":true,\"f\":false,\"nil\":null,\"esc\":\"a\\\"b\\u00e9\\n\"}}";
    assertSame(json);
    Map<String, Object> row = streamed(json);
    assertEquals("1.5", row.get("a"));
    assertEquals("NaN", row.get("b"));
    assertEquals("7", row.get("d"));
    assertEquals(Boolean.TRUE, row.get("t"));
    assertTrue(row.containsKey("nil"));
    assertNull(row.get("nil"));
    assertEquals("a\"bé\n", row.get("esc"));
  }

  @Test
  void unicodeKeys() {
    String json =
        "{\"values\":{\"_step\":2,\"λ/loss\":1.5,\"日本語\":2,\"emoji 😀\":3.5,"
            + "\"\\u00e9t\\u00e9\":4.5,\"été\":5.5}}";
    assertSame(json);
    Map<String, Object> row = streamed(json);
    assertEquals(List.of("_step", "λ/loss", "日本語", "emoji 😀", "été"), List.copyOf(row.keySet()));
    assertEquals(5.5, row.get("été")); // the escaped and the plain spelling are one key
  }

  @Test
  void duplicateKeysKeepFirstPositionAndLastValue() {
    String json = "{\"values\":{\"_step\":1,\"a\":1.0,\"b\":2.0,\"a\":\"x\",\"_step\":4,\"a\":3}}";
    assertSame(json);
    Map<String, Object> row = streamed(json);
    assertEquals(List.of("_step", "a", "b"), List.copyOf(row.keySet()));
    assertEquals(3L, row.get("a"));
    assertEquals(4L, row.get("_step"));
  }

  @Test
  void unusualShapesDecodeAsTheRecordMapperDecodesThem() {
    assertSame("{\"type\":\"x\",\"values\":{\"_step\":1,\"a\":1},\"extra\":{\"n\":[1,{}]}}");
    assertSame("{\"values\":{\"a\":1,\"_step\":7.0}}"); // an integral double step, not first
    assertSame("{\"values\":{\"_step\":1,\"nested\":{\"x\":[1,2.5,\"s\"]},\"list\":[1,2]}}");
    assertSame("{\"values\":{\"_step\":1,\"a\":1}} trailing");
    assertEquals(7L, streamed("{\"values\":{\"a\":1,\"_step\":7.0}}").get("_step"));
  }

  @Test
  void badStepsAreReportedNotAdded() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"values\":{\"a\":1}}", "the history row has no _step");
    cases.put("{\"values\":{\"_step\":null}}", "the history row has no _step");
    cases.put("{\"values\":null}", "the history row has no _step");
    cases.put("{}", "the history row has no _step");
    cases.put("{\"values\":{\"_step\":-1}}", "must be an integer >= 0, not -1");
    cases.put("{\"values\":{\"_step\":1.5}}", "must be an integer >= 0, not 1.5");
    cases.put("{\"values\":{\"_step\":NaN}}", "must be an integer >= 0, not NaN");
    cases.put("{\"values\":{\"_step\":\"5\"}}", "must be an integer >= 0, not 5");
    cases.put("{\"values\":{\"_step\":true}}", "must be an integer >= 0, not true");
    cases.put("{\"values\":{\"_step\":1e19}}", "must be an integer >= 0, not 1.0E19");
    cases.put("{\"values\":{\"_step\":99999999999999999999}}", "the history row's _step is too large");
    cases.put("{\"values\":{\"_step\":1,\"a\":2,\"_step\":-3}}", "must be an integer >= 0, not -3");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HistoryBatch batch = new HistoryBatch();
      String bad = HistoryRowDecoder.decode(bytes(c.getKey()), batch);
      assertTrue(bad != null && bad.contains(c.getValue()), c.getKey() + " -> " + bad);
      assertEquals(0, batch.size(), c.getKey());
      assertEquals(0, batch.points(), c.getKey());
    }
  }

  @Test
  void malformedPayloadsThrow() {
    for (String json :
        List.of(
            "{\"values\":{\"_step\":1,\"a\":}}",
            "{\"values\":{\"_step\":1,\"a\":1.5",
            "[1,2]",
            "{\"values\":[1]}",
            "{\"values\":{\"_step\":1,\"a\":1.5.5}}",
            "{\"values\":{\"_step\":1,\"a\":nan}}",
            "{\"values\":{\"_step\":1,\"a\":1},\"values\":{\"_step\":2,\"b\":2}}",
            "{\"values\":{\"_step\":1,\"a\":1" + "0".repeat(1000) + "}}", // over Jackson's limit
            "",
            "\"text\"")) {
      HistoryBatch batch = new HistoryBatch();
      assertThrows(
          MalformedRecordException.class,
          () -> HistoryRowDecoder.decode(bytes(json), batch),
          json);
      assertEquals(0, batch.size(), json);
    }
  }

  @Test
  void aRejectedRowLeavesNoKeysBehind() {
    HistoryBatch batch = new HistoryBatch();
    assertNull(HistoryRowDecoder.decode(bytes("{\"values\":{\"_step\":0,\"b\":1.0}}"), batch));
    assertEquals(
        "the history row's _step must be an integer >= 0, not -1",
        HistoryRowDecoder.decode(bytes("{\"values\":{\"new\":1.0,\"_step\":-1}}"), batch));
    assertNull(HistoryRowDecoder.decode(bytes("{\"values\":{\"_step\":1,\"c\":1.0}}"), batch));
    assertEquals(
        List.of(Map.of("_step", 0L, "b", 1.0), Map.of("_step", 1L, "c", 1.0)), batch.toRows());
    assertEquals(4, batch.points());
  }

  @Test
  void rowsWrittenByTheRecordMapperRoundTrip() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("_step", 12L);
    values.put("_runtime", 0.125);
    values.put("_timestamp", 1.795793230123E9);
    values.put("loss", Double.NaN);
    values.put("acc", 0.1 + 0.2);
    values.put("name", "x");
    byte[] payload = VaneJson.records().writeValueAsBytes(new HistoryRow(values));
    HistoryBatch batch = new HistoryBatch();
    assertNull(HistoryRowDecoder.decode(payload, batch));
    assertEquals(values.toString(), batch.toRows().get(0).toString());
  }
}
