package dev.vane.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import java.util.Map;
import java.util.Set;

/** Checks of small JSON object bodies: known fields only, each of the right type. */
final class BodyFields {
  private final JsonNode body;

  private BodyFields(JsonNode body) {
    this.body = body;
  }

  /**
   * The body, checked to be an object of only {@code allowed} fields.
   *
   * @throws ApiException {@code invalid_argument} otherwise
   */
  static BodyFields of(JsonNode body, Set<String> allowed) {
    if (!body.isObject()) {
      throw invalid("the body must be a JSON object with the fields " + String.join(", ", allowed));
    }
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!allowed.contains(e.getKey())) {
        throw invalid(
            "unknown field \"" + e.getKey() + "\"; the fields are " + String.join(", ", allowed));
      }
    }
    return new BodyFields(body);
  }

  /** A string field that must be there. */
  String requiredText(String field) {
    String v = optionalText(field);
    if (v == null) {
      throw invalid(field + " is required");
    }
    return v;
  }

  /** A string field, {@code null} when absent or null; at most {@code 1000} characters. */
  String optionalText(String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(field + " must be a string");
    }
    if (v.asText().length() > 1000) {
      throw invalid(field + " must be at most 1000 characters");
    }
    return v.asText();
  }

  /** A boolean field, {@code otherwise} when absent. */
  boolean flag(String field, boolean otherwise) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    if (!v.isBoolean()) {
      throw invalid(field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static ApiException invalid(String message) {
    return ApiException.of(ErrorCode.INVALID_ARGUMENT, message);
  }
}
