package dev.vane.server;

import dev.vane.protocol.RecordPayload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link TestServer} for tests in other packages (the UI's browser tests). */
public final class TestServerAccess implements AutoCloseable {
  private final TestServer t;

  private TestServerAccess(TestServer t) {
    this.t = t;
  }

  /** Starts a server on the folder. */
  public static TestServerAccess start(Path dir) {
    return new TestServerAccess(TestServer.start(dir));
  }

  /** A run-creation body, as {@link TestServer#runStart}. */
  public static Map<String, Object> runStart(String project, String id) {
    return TestServer.runStart(project, id);
  }

  /** Frames numbered from 1. */
  public static byte[] frames(List<RecordPayload> records) {
    return TestServer.frames(1, records.toArray(RecordPayload[]::new));
  }

  /** An HTTP answer. */
  public record Answer(int status, com.fasterxml.jackson.databind.JsonNode json) {}

  public String baseUrl() {
    return t.server.baseUrl();
  }

  /** Creates a user without rights anywhere but their own entity; returns their key. */
  public String createUser(String name) {
    return t.createUser(name);
  }

  public String adminKey() {
    return t.adminKey;
  }

  public Answer upsert(Map<String, Object> start) {
    TestServer.Response r = t.upsert(start);
    return new Answer(r.status(), null);
  }

  public Answer ingest(String project, String id, byte[] body) {
    TestServer.Response r = t.ingest(project, id, body);
    return new Answer(r.status(), null);
  }

  public Answer put(String path, byte[] body) {
    TestServer.Response r = t.put(path, body);
    return new Answer(r.status(), null);
  }

  public Answer patch(String path, String json) {
    TestServer.Response r = t.patch(path, json);
    return new Answer(r.status(), null);
  }

  public Answer get(String path) {
    TestServer.Response r = t.get(path);
    return new Answer(r.status(), r.status() == 200 ? r.json() : null);
  }

  @Override
  public void close() {
    t.close();
  }
}
