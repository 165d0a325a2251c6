package dev.vane.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file in src/test/resources/nvidia-smi (copied from shared/fixtures/nvidia-smi: outputs of
 * one idle NVIDIA H200, driver 580.159.04) is parsed, and the three formats agree.
 */
class NvidiaSmiParserTest {
  private static final double MIB = 1024.0 * 1024.0;

  static String fixture(String name) throws IOException {
    try (InputStream in = NvidiaSmiParserTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void queryCsvWithHeaderAndUnits() throws IOException {
    Map<String, Object> m = NvidiaSmiParser.parseQueryCsv(fixture("nvidia-smi-query.csv"));
    assertEquals(Map.of(
        "system.gpu.0.gpu", 0.0,
        "system.gpu.0.memoryAllocatedBytes", 0.0,
        "system.gpu.0.memoryAllocated", 0.0,
        "system.gpu.0.temp", 34.0,
        "system.gpu.0.powerWatts", 122.6), m);
  }

  @Test
  void queryCsvAsTheSamplerAsksForIt() {
    // --format=csv,noheader,nounits of NvidiaSmiParser.QUERY_FIELDS, two GPUs, one busy.
    String out = "0, NVIDIA H200, 0, 0, 143771, 34, 122.60\n"
        + "1, NVIDIA H200, 87, 71885, 143771, 61, 512.25\n";
    Map<String, Object> m = NvidiaSmiParser.parseQueryCsv(out);
    assertEquals(10, m.size(), m.toString());
    assertEquals(87.0, m.get("system.gpu.1.gpu"));
    assertEquals(71885 * MIB, m.get("system.gpu.1.memoryAllocatedBytes"));
    assertEquals(50.0, (Double) m.get("system.gpu.1.memoryAllocated"), 0.01);
    assertEquals(61.0, m.get("system.gpu.1.temp"));
    assertEquals(512.25, m.get("system.gpu.1.powerWatts"));
    assertEquals(34.0, m.get("system.gpu.0.temp"));
  }

  @Test
  void unavailableValuesAreLeftOut() {
    Map<String, Object> m = NvidiaSmiParser.parseQueryCsv(
        "0, Tesla K80, [N/A], 10, 11441, 40, [Not Supported]\n");
    assertFalse(m.containsKey("system.gpu.0.gpu"));
    assertFalse(m.containsKey("system.gpu.0.powerWatts"));
    assertEquals(40.0, m.get("system.gpu.0.temp"));
    assertTrue(NvidiaSmiParser.parseQueryCsv("").isEmpty());
    assertTrue(NvidiaSmiParser.parseQueryCsv(
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.").isEmpty());
  }

  @Test
  void xmlReportGivesTheSameMetrics() throws IOException {
    Map<String, Object> m = NvidiaSmiParser.parseXml(fixture("nvidia-smi-q.xml"));
    assertEquals(0.0, m.get("system.gpu.0.gpu"));
    assertEquals(0.0, m.get("system.gpu.0.memoryAllocatedBytes"));
    assertEquals(0.0, m.get("system.gpu.0.memoryAllocated"));
    assertEquals(34.0, m.get("system.gpu.0.temp"));
    // The report's instant draw, a moment apart from the CSV's 122.60 W.
    assertEquals(122.52, m.get("system.gpu.0.powerWatts"));
    assertEquals(NvidiaSmiParser.parseQueryCsv(fixture("nvidia-smi-query.csv")).keySet(),
        m.keySet());
    assertThrows(IllegalArgumentException.class, () -> NvidiaSmiParser.parseXml("<nope"));
  }

  @Test
  void dmonLastLineWins() throws IOException {
    Map<String, Object> m = NvidiaSmiParser.parseDmon(fixture("dmon.txt"));
    assertEquals(Map.of(
        "system.gpu.0.gpu", 0.0,
        "system.gpu.0.memoryAllocatedBytes", 0.0,
        "system.gpu.0.temp", 33.0,
        "system.gpu.0.powerWatts", 88.0), m);
  }

  @Test
  void numbersLoseTheirUnits() {
    assertEquals(122.6, NvidiaSmiParser.number(" 122.60 W"));
    assertEquals(143771.0, NvidiaSmiParser.number("143771 MiB"));
    assertEquals(null, NvidiaSmiParser.number("[N/A]"));
    assertEquals(null, NvidiaSmiParser.number("N/A"));
    assertEquals(null, NvidiaSmiParser.number("NaN"));
  }
}
