package dev.vane.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  @Test
  void keepsNanAndInfinitiesApartFromStrings() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("_step", 3);
    row.put("nan", Double.NaN);
    row.put("inf", Double.POSITIVE_INFINITY);
    row.put("ninf", Double.NEGATIVE_INFINITY);
    row.put("text", "NaN");
    row.put("flag", true);
    byte[] bytes = RecordCodec.encode(new HistoryRow(row));
    HistoryRow back = (HistoryRow) RecordCodec.decode(RecordType.HISTORY, bytes);
    assertTrue(Double.isNaN((Double) back.values().get("nan")));
    assertEquals(Double.POSITIVE_INFINITY, back.values().get("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, back.values().get("ninf"));
    assertEquals("NaN", back.values().get("text"));
    assertEquals(true, back.values().get("flag"));
    assertEquals(3L, back.step());
  }

  @Test
  void systemSampleRoundTrips() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("system.cpu", 12.5);
    values.put("system.proc.memory.rssMB", 301);
    values.put("system.gpu.0.temp", 34);
    SystemSample sample = new SystemSample(values, 1_790_000_000.25, 61.5);
    byte[] bytes = RecordCodec.encode(sample);
    SystemSample back = (SystemSample) RecordCodec.decode(RecordType.SYSTEM, bytes);
    assertEquals(RecordType.SYSTEM, back.type());
    assertEquals(9, RecordType.SYSTEM.code());
    assertEquals(RecordType.SYSTEM, RecordType.ofCode(9));
    assertEquals(1_790_000_000.25, back.timestamp());
    assertEquals(61.5, back.runtime());
    assertEquals(12.5, ((Number) back.values().get("system.cpu")).doubleValue());
    assertEquals(301L, ((Number) back.values().get("system.proc.memory.rssMB")).longValue());
    assertEquals(values.keySet(), back.values().keySet());
  }

  @Test
  void malformedPayloadNamesTheRecordType() {
    MalformedRecordException e =
        assertThrows(
            MalformedRecordException.class,
            () -> RecordCodec.decode(RecordType.EXIT, "{not json".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("invalid exit record"), e.getMessage());
  }

  @Test
  void apiMapperWritesNanAsString() throws Exception {
    String json = VaneJson.api().writeValueAsString(Map.of("v", Double.NaN));
    assertEquals("{\"v\":\"NaN\"}", json);
  }

  @Test
  void consoleLinesRoundTrip() {
    ConsoleLines lines =
        new ConsoleLines(
            java.util.List.of(
                new ConsoleLine("stdout", 1795793230.25, "hello \u001b[31mred\u001b[0m"),
                new ConsoleLine("stderr", 1795793230.5, "")));
    byte[] bytes = RecordCodec.encode(lines);
    assertEquals(RecordType.CONSOLE, RecordType.ofCode(10));
    assertEquals(lines, RecordCodec.decode(RecordType.CONSOLE, bytes));
  }
}
