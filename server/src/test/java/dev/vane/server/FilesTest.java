package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.wire.Endpoints;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run files: upload, list, download, names that try to leave the run's folder. */
class FilesTest {
  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    t.upsert(TestServer.runStart("fi", "r1"));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void putListGet() throws Exception {
    t.upsert(TestServer.runStart("fi-basic", "r1"));
    byte[] config = "{\"lr\":0.01}".getBytes(StandardCharsets.UTF_8);
    TestServer.Response put =
        t.put(Endpoints.file("admin", "fi-basic", "r1", "config.json"), config);
    assertEquals(200, put.status(), put.text());
    assertEquals("config.json", put.json().get("name").asText());
    assertEquals(config.length, put.json().get("size").asLong());
    assertEquals(sha256(config), put.json().get("sha256").asText());
    assertTrue(put.json().get("updatedAt").asText().endsWith("Z"));

    byte[] nested = new byte[100_000];
    for (int i = 0; i < nested.length; i++) {
      nested[i] = (byte) i;
    }
    assertEquals(
        200,
        t.put(Endpoints.file("admin", "fi-basic", "r1", "media/images/a b.png"), nested).status());

    JsonNode files = t.get(Endpoints.run("admin", "fi-basic", "r1") + "/files").json().get("files");
    assertEquals(List.of("config.json", "media/images/a b.png"), files.findValuesAsText("name"));

    TestServer.Response get =
        t.get(Endpoints.file("admin", "fi-basic", "r1", "media/images/a b.png"));
    assertEquals(200, get.status());
    assertArrayEquals(nested, get.body());

    byte[] replaced = "{}".getBytes(StandardCharsets.UTF_8);
    t.put(Endpoints.file("admin", "fi-basic", "r1", "config.json"), replaced);
    assertArrayEquals(
        replaced, t.get(Endpoints.file("admin", "fi-basic", "r1", "config.json")).body());
    assertEquals(
        2, t.get(Endpoints.run("admin", "fi-basic", "r1") + "/files").json().get("files").size());

    assertEquals(
        "not_found", t.get(Endpoints.file("admin", "fi-basic", "r1", "missing.txt")).errorCode());
    assertEquals(
        "not_found",
        t.put(Endpoints.file("admin", "fi-basic", "nope", "a.txt"), replaced).errorCode());
  }

  @Test
  void namesThatLeaveTheFolderAre400AndWriteNothing() throws Exception {
    Set<Path> before = allFiles();
    // The temporary folder is shared with other programs: only a change there counts.
    boolean outsideBefore = Files.exists(dir.getParent().resolve("x"));
    String base = Endpoints.run("admin", "fi", "r1") + "/files/";
    for (String raw :
        new String[] {
          "../x",
          "a/../../x",
          "..",
          "./x",
          "a/./b",
          "/etc/x",
          "//x",
          "a//b",
          "a%5C..%5Cx",
          "a%5Cb",
          "%2E%2E/x",
          "..%2Fx",
          "../../../../../../tmp/x"
        }) {
      TestServer.Response r =
          t.send(
              HttpRequest.newBuilder(URI.create(t.server.baseUrl() + base + raw))
                  .header("Authorization", "Bearer " + t.adminKey)
                  .PUT(HttpRequest.BodyPublishers.ofString("evil"))
                  .build());
      assertEquals(400, r.status(), raw + ": " + r.text());
      assertEquals("invalid_path", r.errorCode(), raw);
    }
    assertEquals(before, allFiles(), "nothing written anywhere in the data folder");
    assertFalse(Files.exists(dir.resolve("x")));
    assertEquals(outsideBefore, Files.exists(dir.getParent().resolve("x")));
    assertEquals(
        0, t.get(Endpoints.run("admin", "fi", "r1") + "/files").json().get("files").size());
    assertEquals(
        "invalid_path",
        t.send(
                HttpRequest.newBuilder(URI.create(t.server.baseUrl() + base + "../x"))
                    .header("Authorization", "Bearer " + t.adminKey)
                    .GET()
                    .build())
            .errorCode());
  }

  @Test
  void fileAndFolderOfTheSameNameConflict() throws Exception {
    t.upsert(TestServer.runStart("fi-conflict", "r1"));
    byte[] b = "x".getBytes(StandardCharsets.UTF_8);
    assertEquals(200, t.put(Endpoints.file("admin", "fi-conflict", "r1", "a"), b).status());
    TestServer.Response r = t.put(Endpoints.file("admin", "fi-conflict", "r1", "a/b"), b);
    assertEquals(409, r.status(), r.text());
    assertEquals("file_conflict", r.errorCode());
    assertEquals(200, t.put(Endpoints.file("admin", "fi-conflict", "r1", "d/e"), b).status());
    assertEquals(
        "file_conflict", t.put(Endpoints.file("admin", "fi-conflict", "r1", "d"), b).errorCode());
    assertEquals(
        2,
        t.get(Endpoints.run("admin", "fi-conflict", "r1") + "/files").json().get("files").size());
    try (Stream<Path> staged = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, staged.count(), "refused uploads leave no staged file");
    }
  }

  private static Set<Path> allFiles() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.getFileName().toString().startsWith("vane.db"))
          .collect(Collectors.toSet());
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
