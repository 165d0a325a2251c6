package dev.vane.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vane.protocol.VaneJson;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * Writes API responses with {@link VaneJson#api()}: NaN and infinities as the strings "NaN",
 * "Infinity" and "-Infinity", which every JSON parser reads.
 */
final class ApiJson {
  /** The content type of every JSON response. */
  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private ApiJson() {}

  /** Sends a 200 with the body. */
  static void send(Context ctx, Object body) {
    send(ctx, 200, body);
  }

  /** Sends the body with a status. */
  static void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
  }

  /** The body as JSON bytes. */
  static byte[] bytes(Object body) {
    try {
      return VaneJson.api().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the response", e);
    }
  }
}
