package dev.vane.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.VaneJson;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads request bodies within the size limit and checks their content type. Bodies are read here
 * rather than through Javalin so that a chunked body (no {@code Content-Length}) is held to the
 * same limit.
 */
final class RequestBody {
  /** The largest body accepted: 64 MiB. */
  static final long LIMIT = 64L * 1024 * 1024;

  /**
   * How much of a refused body is still read and thrown away before the 413 goes out. Clients such
   * as {@code java.net.http} send the whole body before they read the answer; closing the
   * connection on them instead loses the answer (they see a reset). Bodies declared larger are not
   * read.
   */
  static final long DRAIN_LIMIT = 2 * LIMIT;

  private RequestBody() {}

  /** The whole body. */
  static byte[] bytes(Context ctx) {
    rejectDeclaredTooLarge(ctx);
    // Not closed here: the container owns the stream, and a refused body is drained later.
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] body = in.readNBytes((int) LIMIT + 1);
      if (body.length > LIMIT) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  /** The body stream, after checking a declared length; the reader enforces the limit too. */
  static InputStream stream(Context ctx) throws IOException {
    rejectDeclaredTooLarge(ctx);
    return ctx.req().getInputStream();
  }

  /** The body as a JSON tree (NaN and infinities read as numbers). */
  static JsonNode json(Context ctx) {
    requireJsonContentType(ctx);
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      throw ApiException.of(ErrorCode.INVALID_JSON, "the body is empty; a JSON object is expected");
    }
    return parseObject(body);
  }

  private static JsonNode parseObject(byte[] body) {
    try {
      JsonNode node = VaneJson.records().readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiException.of(ErrorCode.INVALID_JSON, "the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw invalidJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as a JSON object, an empty one when the request has no body (all fields optional). */
  static JsonNode optionalJson(Context ctx) {
    requireJsonContentType(ctx);
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      return VaneJson.records().createObjectNode();
    }
    return parseObject(body);
  }

  /** The {@code invalid_json} error for a parse failure. */
  static ApiException invalidJson(JsonProcessingException e) {
    return ApiException.of(
        ErrorCode.INVALID_JSON,
        "the body is not valid JSON of the expected shape: " + e.getOriginalMessage());
  }

  /** Refuses a body declared as anything but JSON; a missing content type is taken as JSON. */
  static void requireJsonContentType(Context ctx) {
    String type = mediaType(ctx);
    if (type != null && !type.equals("application/json") && !type.endsWith("+json")) {
      throw ApiException.of(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json, not " + ctx.header("Content-Type"));
    }
  }

  /** The request's media type, lower case without parameters, or {@code null}. */
  static String mediaType(Context ctx) {
    String header = ctx.header("Content-Type");
    if (header == null || header.isBlank()) {
      return null;
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads and discards what is left of a refused body, so that the client reads the error; gives up
   * (and lets the connection close) when the body is declared, or turns out, larger than {@link
   * #DRAIN_LIMIT}.
   */
  static void drain(Context ctx) {
    if (ctx.req().getContentLengthLong() > DRAIN_LIMIT) {
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] scratch = new byte[64 * 1024];
      long drained = 0;
      int n;
      while (drained <= DRAIN_LIMIT && (n = in.read(scratch)) > 0) {
        drained += n;
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the stream was closed already: nothing left to protect
    }
  }

  private static void rejectDeclaredTooLarge(Context ctx) {
    if (ctx.req().getContentLengthLong() > LIMIT) {
      throw tooLarge();
    }
  }

  private static ApiException tooLarge() {
    return ApiException.of(
        ErrorCode.TOO_LARGE, "the body is larger than the limit of " + LIMIT + " bytes (64 MiB)");
  }
}
