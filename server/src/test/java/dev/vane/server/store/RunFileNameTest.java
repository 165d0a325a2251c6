package dev.vane.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunFileNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"config.json", "media/images/a.png", "a..b", "...", ".hidden", "a b/c"})
  void goodNames(String name) {
    assertEquals(name, new RunFileName(name).value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/abs",
        "../x",
        "a/../../x",
        "a/..",
        ".",
        "a/./b",
        "a//b",
        "a/",
        "a\\b",
        "a\u0000b"
      })
  void badNames(String name) {
    assertEquals(
        ErrorCode.INVALID_PATH,
        assertThrows(ApiException.class, () -> new RunFileName(name)).code());
  }
}
