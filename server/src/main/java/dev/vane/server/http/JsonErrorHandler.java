package dev.vane.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as JSON, for the requests Jetty refuses before Javalin sees them (an
 * undecodable URI, a bad header). Without this they would be HTML pages.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiJson.CONTENT_TYPE);
    // Jetty closes the connection after refusing a request it could not route (e.g. a %00 in the
    // URL) but did not say so: a keep-alive client then sent its next request on the closed
    // connection and got no answer (BadInputTest). Say it, so clients open a new connection.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(json(code, message)), callback);
    return true;
  }

  private static byte[] json(int status, String message) {
    String code =
        switch (status) {
          case 400 -> "invalid_argument";
          case 404 -> "not_found";
          // 414: a URL over Jetty's limit (e.g. a huge filter) is too large, as are headers (431),
          // rather than an undocumented "http_414" code
          case 413, 414, 431 -> "too_large";
          default -> status >= 500 ? "internal" : "http_" + status;
        };
    String text = message == null || message.isBlank() ? "the request was refused" : message;
    return ApiJson.bytes(ErrorMapping.body(code, "the server refused the request: " + text, null));
  }
}
