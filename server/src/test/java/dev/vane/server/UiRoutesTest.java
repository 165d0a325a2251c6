package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.wire.Endpoints;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's login, session cookie, page guard, CSRF header and headers, over plain HTTP. */
class UiRoutesTest {
  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    t.upsert(TestServer.runStart("ui-routes", "r1"));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static TestServer.Response get(String path, String cookie) {
    HttpRequest.Builder b = t.request(path, null);
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return t.send(b.GET().build());
  }

  /** Logs in by token; returns "vane_session=TOKEN". */
  private static String login() {
    TestServer.Response r = get("/login?token=" + t.adminKey + "&next=/admin/ui-routes", null);
    assertEquals(303, r.status());
    assertEquals("/admin/ui-routes", r.headers().firstValue("location").orElse(""));
    String cookie = r.headers().firstValue("set-cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    return cookie.substring(0, cookie.indexOf(';'));
  }

  @Test
  void pagesNeedASessionAndLoginByTokenGivesOne() {
    TestServer.Response anonymous = get("/admin/ui-routes", null);
    assertEquals(303, anonymous.status());
    assertEquals("/login?next=%2Fadmin%2Fui-routes",
        anonymous.headers().firstValue("location").orElse(""));
    String cookie = login();
    TestServer.Response page = get("/admin/ui-routes/runs/r1/logs", cookie);
    assertEquals(200, page.status());
    String csp = page.headers().firstValue("content-security-policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("/ui/v1/app.js"));
    assertEquals(200, get("/ui/v1/app.js", null).status(), "static files need no session");
    assertEquals(200, get("/ui/v1/lib/uplot.esm.js", null).status());
    assertEquals(404, get("/ui/v1/..%2Fsecret.js", null).status());
  }

  @Test
  void aWrongKeyGoesBackToTheFormAndNextCannotLeaveTheSite() {
    TestServer.Response wrong = get("/login?token=nope", null);
    assertEquals(303, wrong.status());
    assertEquals("/login?failed=1", wrong.headers().firstValue("location").orElse(""));
    assertTrue(wrong.headers().firstValue("set-cookie").isEmpty());
    TestServer.Response away = get("/login?token=" + t.adminKey + "&next=//evil.example/x", null);
    assertEquals("/", away.headers().firstValue("location").orElse(""));
    assertEquals(200, get("/login", null).status());
  }

  @Test
  void theSessionReadsTheApiAndChangesOnlyWithTheCsrfHeader() {
    String cookie = login();
    assertEquals(200, get(Endpoints.run("admin", "ui-routes", "r1"), cookie).status());
    assertEquals(200, get("/api/v1/viewer", cookie).status());
    HttpRequest.Builder patch = t.request(Endpoints.run("admin", "ui-routes", "r1"), null)
        .header("Cookie", cookie).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"notes\":\"csrf\"}"));
    TestServer.Response forged = t.send(patch.build());
    assertEquals(403, forged.status(), forged.text());
    assertTrue(forged.text().contains("X-Requested-With"), forged.text());
    TestServer.Response ok = t.send(t.request(Endpoints.run("admin", "ui-routes", "r1"), null)
        .header("Cookie", cookie).header("Content-Type", "application/json")
        .header("X-Requested-With", "vane")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"notes\":\"ui\"}")).build());
    assertEquals(200, ok.status(), ok.text());
    assertEquals("ui", t.run("ui-routes", "r1").get("notes").asText());

    TestServer.Response out = get("/logout", cookie);
    assertEquals(303, out.status());
    assertEquals(401, get("/api/v1/viewer", cookie).status(), "the session is gone");
    assertEquals(303, get("/admin/ui-routes", cookie).status());
  }

  @Test
  void failedLoginsAreRateLimited() {
    // Its own server: the limit counts per address, and every test here logs in from loopback.
    try (TestServer other = TestServer.start(dir.resolve("limited"))) {
      for (int i = 0; i < 10; i++) {
        TestServer.Response r = other.send(other.request("/login?token=guess" + i, null).GET().build());
        assertEquals(303, r.status(), "attempt " + i);
      }
      TestServer.Response limited =
          other.send(other.request("/login?token=" + other.adminKey, null).GET().build());
      assertEquals(429, limited.status(), "even the right key waits: " + limited.text());
      assertEquals("rate_limited", limited.errorCode());
      assertEquals(200, other.send(other.request("/api/v1/viewer", other.adminKey).GET().build())
          .status(), "API keys are not affected");
    }
  }
}
