package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.wire.Endpoints;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resumable uploads, their checks, and downloads with {@code Range}. */
class FileTransferTest {
  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String chunkPath(String project, String name, long offset, long size,
      String sha) {
    return Endpoints.file("admin", project, "r1", name) + "?offset=" + offset + "&size=" + size
        + "&sha256=" + sha;
  }

  private static long staged(String project, String name, String sha) {
    return t.get(Endpoints.run("admin", project, "r1") + "/uploads/" + name + "?sha256=" + sha)
        .json().get("offset").asLong();
  }

  @Test
  void anInterruptedUploadResumesFromTheServersOffset() throws Exception {
    t.upsert(TestServer.runStart("ft-resume", "r1"));
    byte[] data = random(300_000, 1);
    String sha = sha256(data);
    assertEquals(0, staged("ft-resume", "model.bin", sha));

    TestServer.Response first =
        t.put(chunkPath("ft-resume", "model.bin", 0, data.length, sha),
            Arrays.copyOfRange(data, 0, 100_000));
    assertEquals(200, first.status(), first.text());
    assertEquals(100_000, first.json().get("offset").asLong());
    assertFalse(first.json().get("complete").asBoolean());

    // The connection dies mid-chunk: 50,000 of the declared 150,000 bytes arrive.
    URI uri = URI.create(t.server.baseUrl());
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = s.getOutputStream();
      String head = "PUT " + chunkPath("ft-resume", "model.bin", 100_000, data.length, sha)
          + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + t.adminKey
          + "\r\nContent-Length: 150000\r\nContent-Type: application/octet-stream\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(data, 100_000, 50_000);
      out.flush();
    }
    long have = 0;
    for (int i = 0; i < 100 && have != 150_000; i++) {
      Thread.sleep(50);
      have = staged("ft-resume", "model.bin", sha);
    }
    assertEquals(150_000, have, "bytes that arrived before the cut are kept");
    assertEquals(0, t.get(Endpoints.run("admin", "ft-resume", "r1") + "/files").json()
        .get("files").size(), "nothing installed before the upload completes");

    TestServer.Response wrong =
        t.put(chunkPath("ft-resume", "model.bin", 100_000, data.length, sha), new byte[10]);
    assertEquals(409, wrong.status(), wrong.text());
    assertEquals("offset_mismatch", wrong.errorCode());
    assertTrue(wrong.json().get("error").get("message").asText().contains("150000"),
        wrong.text());

    TestServer.Response last = t.put(chunkPath("ft-resume", "model.bin", have, data.length, sha),
        Arrays.copyOfRange(data, (int) have, data.length));
    assertEquals(200, last.status(), last.text());
    assertTrue(last.json().get("complete").asBoolean());
    assertEquals(sha, last.json().get("sha256").asText());
    assertEquals(data.length, last.json().get("size").asLong());
    assertArrayEquals(data, t.get(Endpoints.file("admin", "ft-resume", "r1", "model.bin")).body());

    JsonNode state = t.get(Endpoints.run("admin", "ft-resume", "r1") + "/uploads/model.bin?sha256="
        + sha).json();
    assertTrue(state.get("complete").asBoolean(), "the server says it has this content");
    assertEquals(data.length, state.get("offset").asLong());
    assertEquals(0, stagedParts(), "the completed part is no longer staged");
  }

  @Test
  void badChunksAreRefusedNamingTheProblem() throws Exception {
    t.upsert(TestServer.runStart("ft-bad", "r1"));
    byte[] data = random(1000, 2);
    String sha = sha256(data);
    String base = Endpoints.file("admin", "ft-bad", "r1", "a.bin");
    assertError(400, "invalid_argument", "offset", t.put(base + "?offset=-1&size=1000&sha256="
        + sha, data));
    assertError(400, "invalid_argument", "offset", t.put(base + "?offset=x&size=1000&sha256="
        + sha, data));
    assertError(400, "invalid_argument", "past the declared size",
        t.put(chunkPath("ft-bad", "a.bin", 1001, 1000, sha), data));
    assertError(400, "invalid_argument", "size", t.put(base + "?offset=0&sha256=" + sha, data));
    assertError(400, "invalid_argument", "sha256", t.put(base + "?offset=0&size=1000&sha256=abc",
        data));
    assertError(409, "offset_mismatch", "resume from offset 0",
        t.put(chunkPath("ft-bad", "a.bin", 10, 1000, sha), data));
    assertError(400, "invalid_argument", "past the declared size",
        t.put(chunkPath("ft-bad", "a.bin", 0, 999, sha), data));

    // Right size, wrong bytes: refused, and nothing is stored or left staged.
    byte[] other = random(1000, 3);
    assertError(400, "checksum_mismatch", sha,
        t.put(chunkPath("ft-bad", "a.bin", 0, 1000, sha), other));
    assertEquals(0, t.get(Endpoints.run("admin", "ft-bad", "r1") + "/files").json().get("files")
        .size());
    assertEquals(0, staged("ft-bad", "a.bin", sha));
    assertEquals(0, stagedParts());
    assertError(400, "invalid_path", "",
        t.put(Endpoints.run("admin", "ft-bad", "r1") + "/files/a/../../x?offset=0&size=1000&sha256="
            + sha, data));

    // An empty file is one empty chunk.
    String empty = sha256(new byte[0]);
    TestServer.Response e = t.put(chunkPath("ft-bad", "empty.txt", 0, 0, empty), new byte[0]);
    assertEquals(200, e.status(), e.text());
    assertTrue(e.json().get("complete").asBoolean());
  }

  @Test
  void rangesDownloadPartsOfTheFile() throws Exception {
    t.upsert(TestServer.runStart("ft-range", "r1"));
    byte[] data = random(10_000, 4);
    String path = Endpoints.file("admin", "ft-range", "r1", "weights.bin");
    assertEquals(200, t.put(path, data).status());

    TestServer.Response whole = t.get(path);
    assertEquals(200, whole.status());
    assertArrayEquals(data, whole.body());
    assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(null));
    assertEquals("\"" + sha256(data) + "\"", whole.headers().firstValue("ETag").orElse(null));
    assertEquals("application/octet-stream",
        whole.headers().firstValue("Content-Type").orElse(null));
    assertEquals("10000", whole.headers().firstValue("Content-Length").orElse(null));

    assertRange(path, "bytes=0-99", data, 0, 100);
    assertRange(path, "bytes=5000-5009", data, 5000, 5010);
    assertRange(path, "bytes=-300", data, 9700, 10_000);
    assertRange(path, "bytes=9990-", data, 9990, 10_000);
    assertRange(path, "bytes=9990-20000", data, 9990, 10_000);
    assertRange(path, "bytes=-20000", data, 0, 10_000);

    TestServer.Response bad = range(path, "bytes=10000-");
    assertEquals(416, bad.status(), bad.text());
    assertEquals("range_not_satisfiable", bad.errorCode());
    assertEquals("bytes */10000", bad.headers().firstValue("Content-Range").orElse(null));
    assertEquals(416, range(path, "bytes=-0").status());

    TestServer.Response ignored = range(path, "bytes=0-1,5-6");
    assertEquals(200, ignored.status(), "several ranges: the whole file");
    assertArrayEquals(data, ignored.body());

    TestServer.Response head = t.send(t.request(path, t.adminKey)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
    assertEquals("10000", head.headers().firstValue("Content-Length").orElse(null));
    assertEquals("\"" + sha256(data) + "\"", head.headers().firstValue("ETag").orElse(null));

    String json = Endpoints.file("admin", "ft-range", "r1", "metrics.json");
    t.put(json, "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals("application/json",
        t.get(json).headers().firstValue("Content-Type").orElse(null));
  }

  private static void assertRange(String path, String header, byte[] data, int from, int to) {
    TestServer.Response r = range(path, header);
    assertEquals(206, r.status(), header + ": " + r.text());
    assertArrayEquals(Arrays.copyOfRange(data, from, to), r.body(), header);
    assertEquals("bytes " + from + "-" + (to - 1) + "/" + data.length,
        r.headers().firstValue("Content-Range").orElse(null), header);
    assertEquals(Integer.toString(to - from),
        r.headers().firstValue("Content-Length").orElse(null), header);
  }

  private static TestServer.Response range(String path, String header) {
    return t.send(t.request(path, t.adminKey).header("Range", header).GET().build());
  }

  private static void assertError(int status, String code, String inMessage,
      TestServer.Response r) {
    assertEquals(status, r.status(), r.text());
    assertEquals(code, r.errorCode(), r.text());
    assertTrue(r.json().get("error").get("message").asText().contains(inMessage), r.text());
  }

  private static long stagedParts() throws Exception {
    try (Stream<Path> staged = Files.list(dir.resolve("tmp"))) {
      return staged.filter(p -> p.getFileName().toString().startsWith("part-")).count();
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
