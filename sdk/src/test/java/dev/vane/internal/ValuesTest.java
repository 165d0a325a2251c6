package dev.vane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private final List<String> problems = new ArrayList<>();

  private Map<String, Object> flatten(Map<?, ?> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    Values.flatten("log", "", in, out, (k, m) -> problems.add(m));
    return out;
  }

  @Test
  void nestedMapsBecomeDottedKeys() {
    Map<String, Object> out = flatten(Map.of("a", Map.of("b", 1, "c", Map.of("d", true))));
    assertEquals(Map.of("a.b", 1L, "a.c.d", true), out);
    assertTrue(problems.isEmpty());
  }

  @Test
  void supportedTypesAreNormalized() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("int", 3);
    in.put("long", 4L);
    in.put("short", (short) 5);
    in.put("byte", (byte) 6);
    in.put("float", 0.1f);
    in.put("double", 0.25);
    in.put("nan", Double.NaN);
    in.put("inf", Double.POSITIVE_INFINITY);
    in.put("ninf", Float.NEGATIVE_INFINITY);
    in.put("bool", false);
    in.put("str", "NaN");
    in.put("char", 'x');
    in.put("bigint", BigInteger.TEN);
    in.put("bigdec", new BigDecimal("1.5"));
    Map<String, Object> out = flatten(in);
    assertEquals(3L, out.get("int"));
    assertEquals(4L, out.get("long"));
    assertEquals(5L, out.get("short"));
    assertEquals(6L, out.get("byte"));
    assertEquals(0.1, out.get("float"));
    assertEquals(0.25, out.get("double"));
    assertTrue(Double.isNaN((Double) out.get("nan")));
    assertEquals(Double.POSITIVE_INFINITY, out.get("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, out.get("ninf"));
    assertEquals(false, out.get("bool"));
    assertEquals("NaN", out.get("str"));
    assertEquals("x", out.get("char"));
    assertEquals(10L, out.get("bigint"));
    assertEquals(1.5, out.get("bigdec"));
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void unsupportedValuesAreDroppedWithAWarningNamingKeyAndType() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("loss", 0.5);
    in.put("model", new Object());
    in.put("list", List.of(1, 2));
    in.put("none", null);
    Map<String, Object> out = flatten(in);
    assertEquals(Map.of("loss", 0.5), out);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'model'") && problems.get(0).contains("java.lang.Object"),
        problems.get(0));
    assertTrue(problems.get(1).contains("'list'"), problems.get(1));
    assertTrue(problems.get(2).contains("'none'") && problems.get(2).contains("null"));
  }

  @Test
  void nullKeysAndReservedKeysAreDroppedWithAWarning() {
    Map<String, Object> in = new HashMap<>();
    in.put(null, 1);
    in.put("_step", 5);
    in.put("_custom", 2);
    Map<String, Object> out = flatten(in);
    assertEquals(Map.of("_custom", 2L), out);
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void configValuesAreCheckedDeeply() {
    Map<String, Object> out = Values.configMap("config",
        Map.of("opt", Map.of("betas", List.of(0.9, 0.999)), "kind", Thread.State.NEW));
    assertEquals(Map.of("betas", List.of(0.9, 0.999)), out.get("opt"));
    assertEquals("NEW", out.get("kind"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> Values.configMap("config", Map.of("opt", Map.of("fn", List.of(new Object())))));
    assertTrue(e.getMessage().startsWith("config.opt.fn[0]"), e.getMessage());
  }
}
