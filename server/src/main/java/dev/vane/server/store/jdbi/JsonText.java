package dev.vane.server.store.jdbi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vane.protocol.VaneJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON kept in TEXT columns. Written with the record mapper, so NaN and infinities stay numbers
 * (bare tokens) and a logged string "NaN" stays a string; read back into insertion-ordered maps.
 */
final class JsonText {
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JsonText() {}

  static String write(Object value) {
    try {
      return VaneJson.records().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static Map<String, Object> readMap(String json) {
    try {
      return VaneJson.records().readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is broken: " + e.getOriginalMessage(), e);
    }
  }

  static List<String> readStrings(String json) {
    try {
      return VaneJson.records().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is broken: " + e.getOriginalMessage(), e);
    }
  }

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** A nullable INTEGER column. */
  static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}
