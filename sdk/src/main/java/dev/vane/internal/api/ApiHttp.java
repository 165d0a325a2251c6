package dev.vane.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.VaneException;
import dev.vane.internal.ServerHttp;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.wire.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON requests of the read-and-change API ({@code docs/http-api.md}). Every failure is a {@link
 * VaneException}: an error answer carries the server's status, code and message (a 404 says which
 * thing was not found), and an unreachable server says so. Thread-safe.
 */
public final class ApiHttp {
  /** How long to wait for a TCP connection. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long to wait for an answer's headers (a streamed body may take longer). */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final ServerHttp server;

  /** A client of the server at {@code baseUrl} (no trailing slash) using {@code apiKey}. */
  public ApiHttp(String baseUrl, String apiKey) {
    this.server = new ServerHttp(baseUrl, apiKey, CONNECT_TIMEOUT);
  }

  /** The server's base URL. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * GETs a JSON answer.
   *
   * @param path the path and query under the base URL
   * @param subject what is asked for, for messages ("run nico/p/abc")
   */
  public JsonNode get(String path, String subject) {
    return json(send(request(path).GET().build(), subject));
  }

  /** Sends a JSON body (or none, when {@code body} is {@code null}) and reads a JSON answer. */
  public JsonNode send(String method, String path, JsonNode body, String subject) {
    HttpRequest.BodyPublisher publisher;
    HttpRequest.Builder b = request(path);
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else {
      b.header("Content-Type", "application/json");
      publisher = HttpRequest.BodyPublishers.ofByteArray(bytes(body));
    }
    return json(send(b.method(method, publisher).build(), subject));
  }

  /** DELETEs; the answer has no body. */
  public void delete(String path, String subject) {
    send(request(path).DELETE().build(), subject);
  }

  /**
   * GETs an answer to read as it arrives. The caller closes the stream, which closes the
   * connection when the body has not been read to its end.
   */
  public InputStream open(String path, String subject) {
    HttpRequest req = request(path).GET().build();
    HttpResponse<InputStream> res;
    try {
      res = server.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    if (res.statusCode() / 100 == 2) {
      return res.body();
    }
    byte[] body;
    try (InputStream in = res.body()) {
      body = in.readNBytes(64 * 1024);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw error(res.statusCode(), body, subject);
  }

  private HttpRequest.Builder request(String path) {
    return server.request(path, ANSWER_TIMEOUT);
  }

  private byte[] send(HttpRequest req, String subject) {
    HttpResponse<byte[]> res;
    try {
      res = server.client().send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    if (res.statusCode() / 100 == 2) {
      return res.body();
    }
    throw error(res.statusCode(), res.body(), subject);
  }

  private static JsonNode json(byte[] body) {
    try {
      return VaneJson.api().readTree(body);
    } catch (IOException e) {
      throw new VaneException("the server's answer is not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return VaneJson.api().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private VaneException unreachable(IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new VaneException("cannot reach the Vane server at " + server.baseUrl() + ": " + why, e);
  }

  private static VaneException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new VaneException("interrupted while waiting for the Vane server", e);
  }

  /** The exception for an error answer: the server's code and message, 404 naming the subject. */
  static VaneException error(int status, byte[] body, String subject) {
    String code = "http_" + status;
    String message = null;
    try {
      ApiError e = VaneJson.api().readValue(body, ApiError.class);
      if (e != null && e.error() != null && e.error().code() != null) {
        code = e.error().code();
        message = e.error().message();
      }
    } catch (IOException | RuntimeException ignored) {
      // not our error body: report the raw text below
    }
    if (message == null) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      if (text.length() > 200) {
        text = text.substring(0, 200) + "...";
      }
      message = text.isEmpty() ? "HTTP " + status : text;
    }
    String full =
        status == 404 && subject != null
            ? "no " + subject + " (" + status + " " + code + ": " + message + ")"
            : subject + ": " + status + " " + code + ": " + message;
    return new VaneException(full, status, code, null);
  }
}
