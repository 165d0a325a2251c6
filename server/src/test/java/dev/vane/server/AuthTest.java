package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.wire.Endpoints;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health without auth, the two auth schemes, 401 and 403. */
class AuthTest {
  @TempDir static Path dir;
  static TestServer t;
  static String aliceKey;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    aliceKey = t.createUser("alice");
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  void healthNeedsNoKey() {
    TestServer.Response r = t.get(Endpoints.HEALTH, null);
    assertEquals(200, r.status());
    assertEquals("ok", r.json().get("status").asText());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
  }

  @Test
  void noKeyIs401() {
    TestServer.Response r = t.get("/api/v1/projects/admin", null);
    assertEquals(401, r.status());
    assertEquals("unauthorized", r.errorCode());
    assertFalse(r.json().path("error").path("message").asText().isEmpty());
  }

  @Test
  void wrongKeyIs401() {
    assertEquals(401, t.get("/api/v1/projects/admin", "not-a-key").status());
    assertEquals("unauthorized", t.get("/api/v1/projects/admin", "not-a-key").errorCode());
  }

  @Test
  void malformedHeadersAre401() {
    for (String header :
        new String[] {
          "Bearer",
          "Token " + t.adminKey,
          "Basic !!!notbase64",
          basic("someone", t.adminKey),
          basic("api", "")
        }) {
      TestServer.Response r =
          t.send(t.request("/api/v1/projects/admin", null).header("Authorization", header).build());
      assertEquals(401, r.status(), header);
      assertEquals("unauthorized", r.errorCode(), header);
    }
  }

  @Test
  void bearerAndBasicBothWork() {
    assertEquals(200, t.get("/api/v1/projects/admin", t.adminKey).status());
    TestServer.Response r =
        t.send(
            t.request("/api/v1/projects/admin", null)
                .header("Authorization", basic("api", t.adminKey))
                .build());
    assertEquals(200, r.status(), r.text());
  }

  @Test
  void upsertWithoutKeyIs401AndCreatesNothing() {
    TestServer.Response r = t.upsert(null, TestServer.runStart("auth-none", "r1"));
    assertEquals(401, r.status());
    assertEquals(404, t.get(Endpoints.run("admin", "auth-none", "r1")).status());
  }

  @Test
  void userCannotTouchAnotherEntity() {
    assertEquals(200, t.upsert(TestServer.runStart("auth-admin", "r1")).status());
    // alice reading the admin's things
    assertEquals(403, t.get("/api/v1/projects/admin", aliceKey).status());
    assertEquals("forbidden", t.get("/api/v1/projects/admin", aliceKey).errorCode());
    assertEquals(403, t.get(Endpoints.run("admin", "auth-admin", "r1"), aliceKey).status());
    assertEquals(403, t.get("/api/v1/runs/admin/auth-admin", aliceKey).status());
    TestServer.Response ingest =
        t.send(
            t.request(Endpoints.records("admin", "auth-admin", "r1"), aliceKey)
                .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(403, ingest.status());
    // alice creating a run in the admin's entity, or in one nobody has
    Map<String, Object> start = TestServer.runStart("auth-alice-in-admin", "r1");
    TestServer.Response r = t.upsert(aliceKey, start);
    assertEquals(403, r.status());
    assertEquals("forbidden", r.errorCode());
    start.put("entity", "nobody");
    assertEquals(403, t.upsert(aliceKey, start).status());
    assertEquals(404, t.get("/api/v1/projects/nobody").status(), "no entity was created");
    for (var p : t.get("/api/v1/projects/admin").json().get("projects")) {
      assertFalse(p.get("name").asText().equals("auth-alice-in-admin"));
    }
  }

  @Test
  void entityDefaultsToTheKeysUserAndAdminSeesEveryEntity() {
    Map<String, Object> start = TestServer.runStart("auth-own", "r1");
    start.put("entity", null);
    TestServer.Response r = t.upsert(aliceKey, start);
    assertEquals(200, r.status(), r.text());
    assertEquals("alice", r.json().get("entity").asText());
    assertEquals(200, t.get(Endpoints.run("alice", "auth-own", "r1"), aliceKey).status());
    assertEquals(200, t.get(Endpoints.run("alice", "auth-own", "r1"), t.adminKey).status());
    assertEquals(200, t.get("/api/v1/projects/alice", t.adminKey).status());
  }

  @Test
  void adminMayCreateRunsInANewEntity() {
    Map<String, Object> start = TestServer.runStart("p", "r1");
    start.put("entity", "team-x");
    assertEquals(200, t.upsert(start).status());
    TestServer.Response projects = t.get("/api/v1/projects/team-x");
    assertEquals(200, projects.status());
    assertEquals("p", projects.json().get("projects").get(0).get("name").asText());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
