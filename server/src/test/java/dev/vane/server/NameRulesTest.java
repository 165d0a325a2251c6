package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "A_b-c.d", "0start", "_x", "nico"})
  void goodNames(String name) {
    assertEquals(name, NameRules.requireName("project", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".a", "-a", "a b", "a/b", "a+b", "é"})
  void badNames(String name) {
    ApiException e = assertThrows(ApiException.class, () -> NameRules.requireName("project", name));
    assertEquals(ErrorCode.INVALID_NAME, e.code());
  }

  @Test
  void nameLength() {
    NameRules.requireName("entity", "x".repeat(128));
    assertThrows(ApiException.class, () -> NameRules.requireName("entity", "x".repeat(129)));
    assertThrows(ApiException.class, () -> NameRules.requireName("entity", null));
  }

  @Test
  void idLengthCountsCharactersNotBytes() {
    NameRules.requireRunId("é".repeat(64));
    NameRules.requireRunId("😀".repeat(64));
    assertThrows(ApiException.class, () -> NameRules.requireRunId("é".repeat(65)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " a", "a ", "\na", "a:b", "a;b", "a,b", "a#b", "a?b", "a/b", "a'b"})
  void badIds(String id) {
    assertEquals(
        ErrorCode.INVALID_ID,
        assertThrows(ApiException.class, () -> NameRules.requireRunId(id)).code());
  }
}
