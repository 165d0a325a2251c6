package dev.vane.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * One server as the SDK talks to it: its base URL, the API key, one HTTP/1.1 client, and the
 * headers every request carries (user agent, JSON accepted, bearer key). Thread-safe.
 */
public final class ServerHttp {
  private final String baseUrl;
  private final String apiKey;
  private final HttpClient http;
  private final String userAgent;

  /**
   * A server at {@code baseUrl} (no trailing slash) with {@code apiKey} ({@code null}: the server
   * answers 401), connecting within {@code connectTimeout}.
   */
  public ServerHttp(String baseUrl, String apiKey, Duration connectTimeout) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.userAgent = "vane-sdk/" + Version.current() + " java/" + Runtime.version().feature();
  }

  /** The server's base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The HTTP client. */
  public HttpClient client() {
    return http;
  }

  /** A request for {@code path} (and query) under the base URL, with the common headers. */
  public HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }
}
