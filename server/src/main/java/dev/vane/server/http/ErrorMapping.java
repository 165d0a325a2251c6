package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error body {@code {"error":{"code","message"}}}: refusals
 * ({@link ApiException}), Javalin's own responses (unknown route, wrong method) and bugs. A bug's
 * stack trace goes to the server log only; the client gets a generic 500.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  /** Installs the handlers. */
  static void install(JavalinConfig cfg) {
    cfg.routes.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.code() == ErrorCode.TOO_LARGE) {
            RequestBody.drain(ctx);
          }
          send(ctx, e.code(), e.getMessage(), e.lastSeq());
        });
    cfg.routes.exception(HttpResponseException.class, ErrorMapping::javalinResponse);
    cfg.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          send(
              ctx,
              ErrorCode.INTERNAL,
              "internal server error; the server log has the details",
              null);
        });
    cfg.router.javaLangErrorHandler(
        (res, error) -> {
          LOG.error("request failed with an Error", error);
          try {
            res.setStatus(ErrorCode.INTERNAL.status());
            res.setContentType(ApiJson.CONTENT_TYPE);
            res.getOutputStream()
                .write(
                    ApiJson.bytes(body(ErrorCode.INTERNAL.code(), "internal server error", null)));
          } catch (IOException | RuntimeException e) {
            LOG.debug("could not write the error response", e);
          }
        });
  }

  /** The error body. */
  static Map<String, Object> body(String code, String message, Long lastSeq) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", detail);
    if (lastSeq != null) {
      body.put("lastSeq", lastSeq);
    }
    return body;
  }

  private static void send(Context ctx, ErrorCode code, String message, Long lastSeq) {
    ApiJson.send(ctx, code.status(), body(code.code(), message, lastSeq));
  }

  /** Javalin's responses, such as the 404 of a path no route matches. */
  private static void javalinResponse(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 ->
          send(ctx, ErrorCode.NOT_FOUND, "no route for " + ctx.method() + " " + ctx.path(), null);
      case 405 ->
          send(
              ctx,
              ErrorCode.METHOD_NOT_ALLOWED,
              ctx.method() + " is not allowed on " + ctx.path(),
              null);
      case 413 -> send(ctx, ErrorCode.TOO_LARGE, "the body is larger than the limit", null);
      default -> {
        if (e.getStatus() >= 500) {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          send(
              ctx,
              ErrorCode.INTERNAL,
              "internal server error; the server log has the details",
              null);
        } else {
          ApiJson.send(ctx, e.getStatus(), body("http_" + e.getStatus(), e.getMessage(), null));
        }
      }
    }
  }
}
