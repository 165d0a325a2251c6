package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First start, restarts, the data folder. */
class StartupTest {
  @TempDir Path dir;

  @Test
  void firstStartCreatesTheAdminKeyFileOnce() throws Exception {
    Path data = dir.resolve("data"); // missing: the server creates it
    String key;
    FileTime written;
    try (VaneServer server = VaneServer.start(new ServerOptions("127.0.0.1", 0, data))) {
      assertTrue(server.initialAdminKey().isPresent());
      key = server.initialAdminKey().get();
      assertTrue(key.length() >= 40);
      Path file = data.resolve("admin-api-key");
      assertEquals(key, Files.readString(file, StandardCharsets.UTF_8));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
      written = Files.getLastModifiedTime(file);
      assertTrue(server.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"));
      assertEquals(server.baseUrl(), "http://127.0.0.1:" + server.port());
      assertTrue(server.port() > 0);
    }
    try (VaneServer again = VaneServer.start(new ServerOptions("127.0.0.1", 0, data))) {
      assertEquals(Optional.empty(), again.initialAdminKey());
      assertEquals(key, Files.readString(data.resolve("admin-api-key")));
      assertEquals(written, Files.getLastModifiedTime(data.resolve("admin-api-key")));
    }
    try (SqliteDatabase db = SqliteDatabase.open(data.resolve("vane.db"))) {
      long users = db.read(s -> s.users().count());
      assertEquals(1L, users, "no second admin");
      assertTrue(db.read(s -> s.users().byName("admin")).orElseThrow().admin());
    }
  }

  @Test
  void theKeyIsStoredOnlyAsAHash() throws Exception {
    String key;
    try (VaneServer server = VaneServer.start(new ServerOptions("127.0.0.1", 0, dir))) {
      key = server.initialAdminKey().orElseThrow();
    }
    byte[] db = Files.readAllBytes(dir.resolve("vane.db"));
    byte[] wal =
        Files.exists(dir.resolve("vane.db-wal"))
            ? Files.readAllBytes(dir.resolve("vane.db-wal"))
            : new byte[0];
    String all =
        new String(db, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1);
    assertFalse(all.contains(key));
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    JsonNode run;
    JsonNode history;
    try (TestServer t = TestServer.start(dir)) {
      t.upsert(TestServer.runStart("st", "r1"));
      t.ingest(
          "st",
          "r1",
          TestServer.frames(1, TestServer.runRecord("st", "r1"), IngestTest.row(0, "loss", 0.5)));
      t.put(
          Endpoints.file("admin", "st", "r1", "notes/a.txt"),
          "hello".getBytes(StandardCharsets.UTF_8));
      run = t.run("st", "r1");
      history = t.history("st", "r1");
    }
    try (TestServer t = TestServer.start(dir)) {
      assertEquals(run, t.run("st", "r1"));
      assertEquals(history, t.history("st", "r1"));
      assertEquals("hello", t.get(Endpoints.file("admin", "st", "r1", "notes/a.txt")).text());
      assertEquals(
          1,
          t.ingest("st", "r1", TestServer.frames(3, IngestTest.row(1, "loss", 0.25)))
              .json()
              .get("applied")
              .asInt());
      assertEquals(
          "run_exists", t.upsert(withWriter(TestServer.runStart("st", "r1"), "w2")).errorCode());
      assertTrue(
          t.upsert(TestServer.runStart("st", "r2")).json().get("name").asText().endsWith("-2"));
    }
  }

  @Test
  void databaseIsInWalMode() throws Exception {
    try (VaneServer server = VaneServer.start(new ServerOptions("127.0.0.1", 0, dir))) {
      assertTrue(server.port() > 0);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vane.db"));
          ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
        assertTrue(rs.next());
        assertEquals("wal", rs.getString(1));
      }
    }
  }

  @Test
  void aBusyPortFailsAndReleasesTheDatabase() throws Exception {
    try (VaneServer first = VaneServer.start(new ServerOptions("127.0.0.1", 0, dir))) {
      Path other = dir.resolve("other");
      try {
        VaneServer.start(new ServerOptions("127.0.0.1", first.port(), other)).close();
        throw new AssertionError("a second server on the same port started");
      } catch (RuntimeException expected) {
        // the port is taken
      }
      // the failed start closed its database and created no admin: the folder starts afresh
      try (VaneServer second = VaneServer.start(new ServerOptions("127.0.0.1", 0, other))) {
        assertTrue(second.initialAdminKey().isPresent());
      }
    }
  }

  private static Map<String, Object> withWriter(Map<String, Object> m, String writer) {
    m.put("writer", writer);
    return m;
  }
}
