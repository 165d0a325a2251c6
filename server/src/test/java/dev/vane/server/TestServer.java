package dev.vane.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.auth.ApiKeys;
import dev.vane.server.store.Database;
import dev.vane.server.store.User;
import dev.vane.server.store.postgres.PostgresDatabase;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server on a free port over a temporary data folder, with an HTTP client and helpers to
 * build requests and frames. Responses are parsed with a plain, strict {@link ObjectMapper}, as any
 * client would: a bare NaN in a response fails the test.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper STRICT = new ObjectMapper();

  final Path dataDir;
  final ServerOptions options;
  final VaneServer server;
  final String adminKey;
  final HttpClient http = HttpClient.newHttpClient();

  private TestServer(ServerOptions options, VaneServer server, String adminKey) {
    this.dataDir = options.dataDir();
    this.options = options;
    this.server = server;
    this.adminKey = adminKey;
  }

  /**
   * Starts a server on the folder; the admin key comes from the first start's answer or its file.
   * With {@code -Dvane.test.postgres=true} the database is one on a PostgreSQL shared by the test
   * JVM, one database per data folder (so a restart finds its data), and every test written against
   * this class runs on PostgreSQL too.
   */
  static TestServer start(Path dataDir) {
    String url =
        Boolean.getBoolean("vane.test.postgres") ? SharedPostgres.databaseOf(dataDir) : null;
    return start(new ServerOptions("127.0.0.1", 0, dataDir, url));
  }

  /** The PostgreSQL behind {@code -Dvane.test.postgres=true}: started once, stopped at exit. */
  private static final class SharedPostgres {
    private static final Map<Path, String> DATABASES = new java.util.HashMap<>();
    private static TestPostgres postgres;

    static synchronized String databaseOf(Path dataDir) {
      if (postgres == null) {
        postgres = TestPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
      }
      return DATABASES.computeIfAbsent(
          dataDir.toAbsolutePath().normalize(), d -> postgres.freshDatabaseUrl());
    }
  }

  /** Starts a server with these options (port 0 for a free one). */
  static TestServer start(ServerOptions options) {
    VaneServer server = VaneServer.start(options);
    String key;
    try {
      key =
          server.initialAdminKey().isPresent()
              ? server.initialAdminKey().get()
              : java.nio.file.Files.readString(options.dataDir().resolve("admin-api-key")).strip();
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(e);
    }
    return new TestServer(options, server, key);
  }

  /** Opens the server's database beside it, as an admin tool would. */
  Database openDatabase() {
    return options.databaseUrl() == null
        ? SqliteDatabase.open(dataDir.resolve("vane.db"))
        : PostgresDatabase.open(options.databaseUrl());
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * Creates a (non-admin) user with a key through the store, as an admin tool would; returns the
   * key.
   */
  String createUser(String name) {
    String key = ApiKeys.generate();
    try (Database db = openDatabase()) {
      db.write(
          s -> {
            User u = s.users().create(name, false, System.currentTimeMillis());
            s.users().addKey(u.id(), ApiKeys.hash(key), System.currentTimeMillis());
            return null;
          });
    }
    return key;
  }

  /** An HTTP answer. */
  record Response(int status, byte[] body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return STRICT.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not strict JSON (" + status + "): " + text(), e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String errorCode() {
      return json().path("error").path("code").asText(null);
    }
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Response get(String path) {
    return get(path, adminKey);
  }

  Response get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  Response postJson(String path, String key, String json) {
    return send(
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Response patch(String path, String json) {
    return send(
        request(path, adminKey)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Response delete(String path) {
    return send(request(path, adminKey).DELETE().build());
  }

  Response put(String path, byte[] body) {
    return send(request(path, adminKey).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** Creates (or attaches to) a run as admin. */
  Response upsert(Map<String, Object> runStart) {
    return upsert(adminKey, runStart);
  }

  Response upsert(String key, Map<String, Object> runStart) {
    try {
      return postJson(Endpoints.RUNS, key, VaneJson.records().writeValueAsString(runStart));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run-creation body with the given ID and project, entity admin, a fixed writer. */
  static Map<String, Object> runStart(String project, String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("entity", "admin");
    m.put("project", project);
    m.put("name", null);
    m.put("tags", List.of());
    m.put("config", Map.of("learning_rate", 0.01, "epochs", 10));
    m.put("startTime", System.currentTimeMillis() / 1000.0);
    m.put("writer", "writer-1");
    m.put("mode", "online");
    return m;
  }

  /** The RunStart record the SDK would log first, matching {@link #runStart}. */
  static RunStart runRecord(String project, String id) {
    return new RunStart(
        id,
        "admin",
        project,
        null,
        null,
        List.of(),
        null,
        null,
        Map.of("learning_rate", 0.01, "epochs", 10),
        1.7e9,
        "writer-1",
        "online");
  }

  /** Frames numbered from {@code firstSeq}. */
  static byte[] frames(long firstSeq, RecordPayload... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long seq = firstSeq;
    for (RecordPayload r : records) {
      out.writeBytes(FrameCodec.encode(r.type().code(), seq++, RecordCodec.encode(r)));
    }
    return out.toByteArray();
  }

  Response ingest(String project, String id, byte[] body) {
    return send(
        request(Endpoints.records("admin", project, id), adminKey)
            .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /**
   * The run's JSON, without the fields that count up with the clock while it runs ({@code
   * runtimeSeconds} and {@code durationSeconds} of a {@code running} run), so that two reads of an
   * unchanged run compare equal. {@link #runAsOfNow} keeps them.
   */
  JsonNode run(String project, String id) {
    return withoutClock(runAsOfNow(project, id));
  }

  /** A copy of a run's JSON without the fields that count up with the clock while it runs. */
  static JsonNode withoutClock(JsonNode run) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = run.deepCopy();
    if ("running".equals(run.path("state").asText())) {
      copy.remove("runtimeSeconds");
      copy.remove("durationSeconds");
    }
    return copy;
  }

  /** The run's JSON, every field as the server sent it. */
  JsonNode runAsOfNow(String project, String id) {
    Response r = get(Endpoints.run("admin", project, id));
    if (r.status() != 200) {
      throw new AssertionError("GET run: " + r.status() + " " + r.text());
    }
    return r.json();
  }

  /** The run's history rows. */
  JsonNode history(String project, String id) {
    Response r = get(Endpoints.run("admin", project, id) + "/history");
    if (r.status() != 200) {
      throw new AssertionError("GET history: " + r.status() + " " + r.text());
    }
    return r.json().get("rows");
  }
}
