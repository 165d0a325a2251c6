package dev.vane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.VaneJson;
import dev.vane.server.ServerOptions;
import dev.vane.server.VaneServer;
import dev.vane.server.auth.ApiKeys;
import dev.vane.server.store.Database;
import dev.vane.server.store.User;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Vane server on a free loopback port, with an HTTP client holding the admin key. */
final class TestServer implements AutoCloseable {
  final Path data;
  final VaneServer server;
  final String key;
  private final HttpClient http = HttpClient.newHttpClient();

  TestServer(Path data) throws IOException {
    this(data, 0);
  }

  TestServer(Path data, int port) throws IOException {
    this(data, port, ServerOptions.DEFAULT_CRASH_AFTER);
  }

  /** A server that marks runs crashed after {@code crashAfter} without a heartbeat. */
  TestServer(Path data, int port, java.time.Duration crashAfter) throws IOException {
    this.data = data;
    this.server = VaneServer.start(new ServerOptions("127.0.0.1", port, data, null, crashAfter));
    this.key = Files.readString(data.resolve("admin-api-key")).trim();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** GETs an API path; returns status and parsed body. */
  Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
  }

  /** GETs a path's body as text, or {@code null} when the answer is not 200. */
  String text(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Authorization", "Bearer " + key).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? r.body() : null;
  }

  Response post(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  Response delete(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE());
  }

  private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = r.body().isEmpty() ? null : VaneJson.api().readTree(r.body());
    return new Response(r.statusCode(), body);
  }

  record Response(int status, JsonNode body) {}

  /**
   * Creates a (non-admin) user with a key in the server's database, as an admin tool would;
   * returns the key.
   */
  String createUser(String name) {
    String userKey = ApiKeys.generate();
    try (Database db = SqliteDatabase.open(data.resolve("vane.db"))) {
      db.write(
          s -> {
            User u = s.users().create(name, false, System.currentTimeMillis());
            s.users().addKey(u.id(), ApiKeys.hash(userKey), System.currentTimeMillis());
            return null;
          });
    }
    return userKey;
  }

  @Override
  public void close() {
    server.close();
  }
}
