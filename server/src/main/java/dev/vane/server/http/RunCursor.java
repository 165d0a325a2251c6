package dev.vane.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.RunPage;
import dev.vane.server.store.RunQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The opaque {@code cursor} of run lists: a place in the list's order as base64url text. Clients
 * only pass it back; its content may change between versions (hence the tag).
 *
 * <p>{@code v2} is JSON: the order it belongs to ({@code o}), the time of the first page ({@code
 * n}) and the last run's sort values ({@code k}). {@code v1} cursors (creation time and key, from
 * before orders existed) still continue the default order.
 */
final class RunCursor {
  private static final String V1 = "v1:";
  private static final String V2 = "v2:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunCursor() {}

  static String encode(RunPage.Position position, RunQuery query) {
    if (position == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("o", query.orderText());
    m.put("n", position.now());
    m.put("k", position.keys());
    try {
      String plain = V2 + JSON.writeValueAsString(m);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a cursor", e);
    }
  }

  /**
   * The position, {@code null} for no cursor; a cursor the server did not make, or made for
   * another order, is refused.
   */
  static RunPage.Position decode(String cursor, RunQuery query) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (plain.startsWith(V2)) {
        Map<?, ?> m = JSON.readValue(plain.substring(V2.length()), Map.class);
        if (!query.orderText().equals(m.get("o"))) {
          throw invalid("cursor belongs to another order: pass the same order as the first page");
        }
        if (m.get("n") instanceof Number now && m.get("k") instanceof List<?> keys) {
          return new RunPage.Position(now.longValue(), List.copyOf(keys));
        }
      } else if (plain.startsWith(V1) && query.orderText().equals(RunQuery.DEFAULT.orderText())) {
        String[] parts = plain.substring(V1.length()).split(":", -1);
        if (parts.length == 2) {
          return new RunPage.Position(
              System.currentTimeMillis(),
              List.of(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        }
      }
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      // bad Base64, JSON or number (List.copyOf refuses null keys): reported below
    }
    throw invalid("cursor is not valid: pass back a nextCursor the server sent");
  }

  private static ApiException invalid(String message) {
    return ApiException.of(ErrorCode.INVALID_ARGUMENT, message);
  }
}
