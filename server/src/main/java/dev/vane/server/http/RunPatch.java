package dev.vane.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.store.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /api/v1/runs/{entity}/{project}/{id}}: any of {@code name} (non-empty
 * string), {@code notes}, {@code group}, {@code jobType} (string or null) and {@code tags} (array
 * of non-empty strings). The whole body is checked before anything changes.
 */
final class RunPatch {
  private final JsonNode body;

  private RunPatch(JsonNode body) {
    this.body = body;
  }

  /**
   * Checks a body.
   *
   * @throws ApiException {@code invalid_argument} for unknown fields or values of the wrong type
   */
  static RunPatch parse(JsonNode body) {
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "name" -> {
          if (!v.isTextual() || v.asText().isEmpty()) {
            throw invalid("name must be a non-empty string");
          }
          NameRules.requireStorableText("name", v.asText());
        }
        case "notes", "group", "jobType" -> {
          if (!v.isTextual() && !v.isNull()) {
            throw invalid(e.getKey() + " must be a string or null");
          }
          NameRules.requireStorableText(e.getKey(), v.textValue());
        }
        case "tags" -> tags(v);
        default ->
            throw invalid(
                "unknown field \""
                    + e.getKey()
                    + "\"; a run's name, notes, tags, group and jobType can be changed");
      }
    }
    return new RunPatch(body);
  }

  /** The run's details with this patch applied. */
  Run.RunDetails applyTo(Run.RunDetails d) {
    return new Run.RunDetails(
        body.has("name") ? body.get("name").asText() : d.name(),
        body.has("notes") ? text(body.get("notes")) : d.notes(),
        body.has("tags") ? tags(body.get("tags")) : d.tags(),
        body.has("group") ? text(body.get("group")) : d.group(),
        body.has("jobType") ? text(body.get("jobType")) : d.jobType());
  }

  private static String text(JsonNode v) {
    return v.isNull() ? null : v.asText();
  }

  private static List<String> tags(JsonNode v) {
    if (!v.isArray()) {
      throw invalid("tags must be an array of non-empty strings");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode t : v) {
      if (!t.isTextual() || t.asText().isEmpty()) {
        throw invalid("tags must be an array of non-empty strings");
      }
      tags.add(t.asText());
    }
    return tags;
  }

  private static ApiException invalid(String message) {
    return ApiException.of(ErrorCode.INVALID_ARGUMENT, message);
  }
}
