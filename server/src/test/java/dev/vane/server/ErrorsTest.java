package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.wire.Endpoints;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is a JSON error: unknown routes, size limit, internal errors. */
class ErrorsTest {
  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    t.upsert(TestServer.runStart("er", "r1"));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void unknownRoutesAreJson404() {
    // "/" and the like are the UI's pages (UiRoutesTest); deeper unknown paths are JSON 404s
    for (String path : new String[] {"/a/b/c/d/e/f", "/api/v1", "/api/v1/runs/a/b/c/d/e"}) {
      TestServer.Response r = t.get(path);
      assertEquals(404, r.status(), path);
      assertEquals("not_found", r.errorCode(), path);
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }
    TestServer.Response wrongMethod = t.send(t.request(Endpoints.HEALTH, null).DELETE().build());
    assertEquals(405, wrongMethod.status());
    assertEquals("method_not_allowed", wrongMethod.errorCode());
  }

  @Test
  void bodyOverTheLimitIs413() {
    byte[] big = new byte[64 * 1024 * 1024 + 1];
    TestServer.Response r = t.put(Endpoints.file("admin", "er", "r1", "big.bin"), big);
    assertEquals(413, r.status());
    assertEquals("too_large", r.errorCode());
    TestServer.Response chunked =
        t.send(
            t.request(Endpoints.file("admin", "er", "r1", "big.bin"), t.adminKey)
                .PUT(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big)))
                .build());
    assertEquals(413, chunked.status());
    assertEquals("too_large", chunked.errorCode());
    TestServer.Response ingest =
        t.send(
            t.request(Endpoints.records("admin", "er", "r1"), t.adminKey)
                .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                .build());
    assertEquals(413, ingest.status());
    assertEquals("too_large", ingest.errorCode());
    assertEquals(
        0, t.get(Endpoints.run("admin", "er", "r1") + "/files").json().get("files").size());
  }

  @Test
  void declaredLengthOverTheLimitIsRefusedUpFront() throws Exception {
    URI uri = URI.create(t.server.baseUrl());
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + Endpoints.RUNS
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + t.adminKey
                  + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 413", head);
    }
  }

  @Test
  void internalErrorsAreJsonWithoutStackTraces() throws Exception {
    // Break the staging folder so the next upload fails inside the server.
    Path staging = dir.resolve("tmp");
    Files.delete(staging);
    Files.writeString(staging, "not a folder");
    try {
      TestServer.Response r = t.put(Endpoints.file("admin", "er", "r1", "x.txt"), new byte[] {1});
      assertEquals(500, r.status());
      assertEquals("internal", r.errorCode());
      assertFalse(r.text().contains("Exception"), r.text());
      assertFalse(r.text().contains("dev.vane"), r.text());
    } finally {
      Files.delete(staging);
      Files.createDirectory(staging);
    }
  }

  @Test
  void jettyRefusalsAreJsonToo() throws Exception {
    URI uri = URI.create(t.server.baseUrl());
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.getOutputStream()
          .write(
              "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
      assertTrue(response.contains("\"error\""), response);
      assertFalse(response.toLowerCase().contains("<html"), response);
    }
  }
}
