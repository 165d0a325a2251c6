package dev.vane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.internal.Settings;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON calls to the server with the saved login ({@code vane login}, or {@code VANE_BASE_URL} and
 * {@code VANE_API_KEY}), for the account commands. A refused call becomes an exception whose
 * message is the server's own explanation.
 */
final class ServerClient {
  private final String baseUrl;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServerClient(String baseUrl, String key) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.key = key;
  }

  /** A client with the saved login; fails when there is no API key. */
  static ServerClient fromSettings() {
    Settings settings = Settings.load();
    if (settings.apiKey() == null || settings.apiKey().isBlank()) {
      throw new IllegalStateException(
          "no API key: run `vane login --host URL --key KEY` or set VANE_API_KEY");
    }
    return new ServerClient(settings.baseUrl(), settings.apiKey());
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send("POST", path, body);
  }

  JsonNode put(String path, Object body) throws IOException, InterruptedException {
    return send("PUT", path, body);
  }

  JsonNode patch(String path, Object body) throws IOException, InterruptedException {
    return send("PATCH", path, body);
  }

  JsonNode delete(String path) throws IOException, InterruptedException {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(
              method,
              HttpRequest.BodyPublishers.ofByteArray(VaneJson.api().writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new IOException("cannot reach the server at " + baseUrl, e);
    }
    JsonNode answer =
        r.body().length == 0 ? VaneJson.api().createObjectNode() : VaneJson.api().readTree(r.body());
    if (r.statusCode() / 100 != 2) {
      String message = answer.path("error").path("message").asText("HTTP " + r.statusCode());
      throw new IllegalStateException(message);
    }
    return answer;
  }
}
