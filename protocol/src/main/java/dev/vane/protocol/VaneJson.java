package dev.vane.protocol;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mappers Vane uses.
 *
 * <p>Record payloads (in the run log and on the ingest wire) keep NaN and infinities as the bare
 * tokens {@code NaN}, {@code Infinity} and {@code -Infinity}, so a string "NaN" stays a string. The
 * public read API writes them as the strings "NaN", "Infinity" and "-Infinity", as plain JSON
 * clients cannot parse the bare tokens.
 */
public final class VaneJson {
  private static final ObjectMapper RECORDS =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final ObjectMapper API =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private VaneJson() {}

  /** The mapper for record payloads: NaN and infinities as bare tokens. Thread-safe; do not configure. */
  public static ObjectMapper records() {
    return RECORDS;
  }

  /** The mapper for the public API: NaN and infinities as strings. Thread-safe; do not configure. */
  public static ObjectMapper api() {
    return API;
  }
}
