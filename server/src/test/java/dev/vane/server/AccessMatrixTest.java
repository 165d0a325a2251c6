package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.http.ApiServer.RouteRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the server's route table, called by every kind of caller against a team's
 * project: anonymous, a user outside the team, the team's viewer, member and admin, and a server
 * admin. Each route's declared rule says who gets through; the others must get 401 (anonymous) or
 * 403. A route added without a rule, or with a path parameter this test cannot fill, fails here.
 */
class AccessMatrixTest {
  /** The callers, from the least to the most rights. */
  enum Caller {
    ANONYMOUS,
    OTHER_USER,
    VIEWER,
    MEMBER,
    TEAM_ADMIN,
    SERVER_ADMIN
  }

  private static final String TEAM = "acme";
  private static final String PROJECT = "shared";
  private static final String RUN = "run-1";
  private static final String DOOMED = "run-doomed";

  @TempDir static Path dir;
  static TestServer t;
  static final Map<Caller, String> KEYS = new LinkedHashMap<>();

  @BeforeAll
  static void teamWithAProject() {
    t = TestServer.start(dir);
    KEYS.put(Caller.SERVER_ADMIN, t.adminKey);
    KEYS.put(Caller.OTHER_USER, newUser("otto"));
    KEYS.put(Caller.VIEWER, newUser("vic"));
    KEYS.put(Caller.MEMBER, newUser("mia"));
    KEYS.put(Caller.TEAM_ADMIN, newUser("ada"));
    ok(t.postJson("/api/v1/teams", KEYS.get(Caller.TEAM_ADMIN), "{\"name\":\"" + TEAM + "\"}"));
    role("vic", "viewer");
    role("mia", "member");
    for (String id : List.of(RUN, DOOMED)) {
      ok(t.upsert(KEYS.get(Caller.TEAM_ADMIN), teamRun(id, "writer-" + id)));
    }
    ok(
        t.send(
            t.request(Endpoints.records(TEAM, PROJECT, RUN), KEYS.get(Caller.TEAM_ADMIN))
                .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        TestServer.frames(
                            1,
                            teamRecord(RUN),
                            new HistoryRow(Map.of("_step", 0, "loss", 1.0)))))
                .build()));
    ok(
        t.send(
            t.request(files(RUN) + "/notes.txt", KEYS.get(Caller.TEAM_ADMIN))
                .PUT(HttpRequest.BodyPublishers.ofString("hello"))
                .build()));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  /**
   * The rule each route must have. A route the server serves that is missing here, or whose rule
   * differs, fails the build: adding a route means deciding who may call it, here.
   */
  private static final Map<String, String> EXPECTED = expectedRules();

  private static Map<String, String> expectedRules() {
    String run = "/api/v1/runs/{entity}/{project}/{id}";
    Map<String, String> m = new java.util.TreeMap<>();
    m.put("GET /api/v1/health", "PUBLIC");
    m.put("GET /login", "PUBLIC");
    m.put("POST /login", "PUBLIC");
    m.put("GET /logout", "PUBLIC");
    m.put("GET /ui/v1/<path>", "PUBLIC");
    for (String page :
        List.of(
            "/",
            "/{entity}/{project}",
            "/{entity}/{project}/table",
            "/{entity}/{project}/runs/{id}",
            "/{entity}/{project}/runs/{id}/{tab}")) {
      m.put("GET " + page, "PAGE");
    }
    m.put("GET /api/v1/viewer", "SIGNED_IN");
    m.put("GET /api/v1/keys", "SIGNED_IN");
    m.put("POST /api/v1/keys", "SIGNED_IN");
    m.put("DELETE /api/v1/keys/{keyId}", "SIGNED_IN");
    m.put("POST /api/v1/teams", "SIGNED_IN");
    m.put("GET /api/v1/users", "SERVER_ADMIN");
    m.put("POST /api/v1/users", "SERVER_ADMIN");
    m.put("GET /api/v1/teams/{entity}", "READ");
    m.put("PUT /api/v1/teams/{entity}/members/{user}", "ADMIN");
    m.put("DELETE /api/v1/teams/{entity}/members/{user}", "ADMIN");
    m.put("GET /api/v1/projects/{entity}", "READ");
    m.put("POST /api/v1/projects/{entity}", "WRITE");
    m.put("GET /api/v1/projects/{entity}/{project}", "READ");
    m.put("PATCH /api/v1/projects/{entity}/{project}", "ADMIN");
    m.put("POST /api/v1/runs", "WRITE_NAMED_IN_BODY");
    m.put("GET /api/v1/runs/{entity}/{project}", "READ");
    m.put("GET /api/v1/runs/{entity}/{project}/sampled", "READ");
    m.put("GET " + run, "READ");
    m.put("PATCH " + run, "WRITE");
    m.put("DELETE " + run, "WRITE");
    m.put("POST " + run + "/stop", "WRITE");
    m.put("GET " + run + "/stop", "READ");
    m.put("POST " + run + "/records", "WRITE");
    m.put("GET " + run + "/history", "READ");
    m.put("GET " + run + "/history/sampled", "READ");
    m.put("GET " + run + "/system/sampled", "READ");
    m.put("GET " + run + "/logs", "READ");
    m.put("GET " + run + "/files", "READ");
    m.put("PUT " + run + "/files/<name>", "WRITE");
    m.put("GET " + run + "/files/<name>", "READ");
    m.put("HEAD " + run + "/files/<name>", "READ");
    m.put("GET " + run + "/uploads/<name>", "WRITE");
    return m;
  }

  @Test
  void theServedRouteTableIsExactlyTheReviewedOne() {
    Map<String, String> served = new java.util.TreeMap<>();
    for (RouteRule r : t.server.routes()) {
      served.put(r.method() + " " + r.path(), String.valueOf(r.access()));
    }
    assertEquals(EXPECTED, served);
  }

  @Test
  void everyRouteHasARuleAndEachRuleLetsInExactlyItsCallers() {
    List<RouteRule> routes = t.server.routes();
    assertTrue(routes.size() > 30, "the route table: " + routes);
    List<String> failures = new ArrayList<>();
    for (RouteRule route : routes) {
      String rule = EXPECTED.get(route.method() + " " + route.path());
      if (rule == null || route.access() == null) {
        failures.add(route.method() + " " + route.path() + " has no reviewed access rule");
        continue;
      }
      Set<Caller> allowed = allowed(rule);
      for (Caller caller : Caller.values()) {
        TestServer.Response r = call(route, caller);
        String what =
            route.method() + " " + route.path() + " (" + rule + ") as " + caller;
        if (r.status() >= 500) {
          failures.add(what + ": " + r.status() + " " + r.text());
        } else if (allowed.contains(caller)) {
          if (r.status() == 401 || r.status() == 403) {
            failures.add(what + ": refused " + r.status() + " " + r.text());
          }
        } else if (rule.equals("PAGE")) {
          // A page's shell holds no data; without a session it sends the caller to the login.
          String location = r.headers().firstValue("Location").orElse("");
          if (r.status() != 303 || !location.startsWith("/login")) {
            failures.add(what + ": expected a redirect to /login, got " + r.status());
          }
        } else {
          int expected = caller == Caller.ANONYMOUS ? 401 : 403;
          if (r.status() != expected) {
            failures.add(what + ": expected " + expected + ", got " + r.status() + " " + r.text());
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Who a rule lets in, for the team's project of visibility {@code team}. */
  private static Set<Caller> allowed(String access) {
    switch (access) {
      case "PUBLIC":
        return EnumSet.allOf(Caller.class);
      case "PAGE":
        return EnumSet.noneOf(Caller.class); // no session cookie here: every caller is redirected
      case "SIGNED_IN":
        return EnumSet.range(Caller.OTHER_USER, Caller.SERVER_ADMIN);
      case "READ":
        return EnumSet.range(Caller.VIEWER, Caller.SERVER_ADMIN);
      case "WRITE":
      case "WRITE_NAMED_IN_BODY":
        return EnumSet.range(Caller.MEMBER, Caller.SERVER_ADMIN);
      case "ADMIN":
        return EnumSet.range(Caller.TEAM_ADMIN, Caller.SERVER_ADMIN);
      case "SERVER_ADMIN":
        return EnumSet.of(Caller.SERVER_ADMIN);
      default:
        throw new AssertionError("a rule this test does not know: " + access);
    }
  }

  private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}|<(\\w+)>");

  /** The route called by the caller, its path parameters filled with the fixture's names. */
  private static TestServer.Response call(RouteRule route, Caller caller) {
    String tag = caller.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    Matcher m = PARAM.matcher(route.path());
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(path, Matcher.quoteReplacement(value(name, route)));
    }
    m.appendTail(path);
    HttpRequest.Builder b = t.request(path.toString(), KEYS.get(caller));
    String body = body(route, tag);
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return t.send(b.method(route.method(), publisher).build());
  }

  private static String value(String param, RouteRule route) {
    switch (param) {
      case "entity":
        return TEAM;
      case "project":
        return PROJECT;
      case "id":
        return route.method().equals("DELETE") ? DOOMED : RUN;
      case "name":
        return "notes.txt";
      case "path":
        return "app.js";
      case "tab":
        return "charts";
      case "keyId":
        return "999999"; // nobody's key: 404 for those who get through
      case "user":
        return route.method().equals("DELETE") ? "otto" : "mia"; // otto is not a member: 404
      default:
        fail("teach AccessMatrixTest the path parameter {" + param + "} of " + route.path());
        return null;
    }
  }

  /** A valid body where the route takes one, so that a caller let in gets a real answer. */
  private static String body(RouteRule route, String tag) {
    String key = route.method() + " " + route.path();
    switch (key) {
      case "POST /api/v1/runs":
        return json(teamRun("run-" + tag, "writer-" + tag));
      case "POST /api/v1/teams":
        return "{\"name\":\"team-" + tag + "\"}";
      case "POST /api/v1/users":
        return "{\"name\":\"user-" + tag + "\"}";
      case "POST /api/v1/projects/{entity}":
        return "{\"name\":\"project-" + tag + "\"}";
      case "PATCH /api/v1/projects/{entity}/{project}":
        return "{\"visibility\":\"team\"}";
      case "PUT /api/v1/teams/{entity}/members/{user}":
        return "{\"role\":\"member\"}";
      case "PATCH /api/v1/runs/{entity}/{project}/{id}":
        return "{\"notes\":\"seen by " + tag + "\"}";
      default:
        return null;
    }
  }

  // ---- visibility, teams, keys and users ----

  @Test
  void aPrivateTeamProjectIsOnlyForTheTeamsAdminsAndItsCreator() {
    String mia = KEYS.get(Caller.MEMBER);
    TestServer.Response created =
        t.postJson(
            "/api/v1/projects/" + TEAM, mia, "{\"name\":\"secret\",\"visibility\":\"private\"}");
    assertEquals(201, created.status(), created.text());
    assertEquals("private", created.json().path("visibility").asText());
    String path = "/api/v1/projects/" + TEAM + "/secret";
    assertEquals(200, t.get(path, mia).status());
    assertEquals(200, t.get(path, KEYS.get(Caller.TEAM_ADMIN)).status());
    assertEquals(403, t.get(path, KEYS.get(Caller.VIEWER)).status());
    assertEquals(403, t.get(path, KEYS.get(Caller.OTHER_USER)).status());
    assertEquals(403, t.get("/api/v1/runs/" + TEAM + "/secret", KEYS.get(Caller.VIEWER)).status());
    // The viewer's list of the team's projects leaves it out; the creator's has it.
    assertFalse(projectNames(KEYS.get(Caller.VIEWER)).contains("secret"));
    assertTrue(projectNames(mia).contains("secret"));
    // The creator administers it: opening it to the team lets the viewer in.
    assertEquals(200, patch(path, mia, "{\"visibility\":\"team\"}").status());
    assertEquals(200, t.get(path, KEYS.get(Caller.VIEWER)).status());
    assertEquals(403, patch(path, KEYS.get(Caller.VIEWER), "{\"visibility\":\"public\"}").status());
    TestServer.Response bad = patch(path, mia, "{\"visibility\":\"everyone\"}");
    assertEquals(400, bad.status());
    assertTrue(bad.text().contains("private, team, public"), bad.text());
  }

  @Test
  void aPublicProjectIsReadableByEverySignedInUserButWritableOnlyByTheTeam() {
    String ada = KEYS.get(Caller.TEAM_ADMIN);
    String otto = KEYS.get(Caller.OTHER_USER);
    assertEquals(
        201,
        t.postJson(
                "/api/v1/projects/" + TEAM, ada, "{\"name\":\"open\",\"visibility\":\"public\"}")
            .status());
    Map<String, Object> start = teamRun("open-1", "w-open");
    start.put("project", "open");
    ok(t.upsert(ada, start));
    String run = "/api/v1/runs/" + TEAM + "/open/open-1";
    assertEquals(200, t.get(run, otto).status());
    assertEquals(200, t.get(run + "/history", otto).status());
    assertEquals(200, t.get("/api/v1/runs/" + TEAM + "/open", otto).status());
    assertEquals(401, t.get(run, null).status());
    assertEquals(403, patch(run, otto, "{\"notes\":\"defaced\"}").status());
    Map<String, Object> intruder = teamRun("open-2", "w-otto");
    intruder.put("project", "open");
    assertEquals(403, t.upsert(otto, intruder).status());
    assertEquals(403, t.send(t.request(run, otto).DELETE().build()).status());
    // The team's other projects stay closed to him, and so does its project list.
    assertEquals(403, t.get("/api/v1/runs/" + TEAM + "/" + PROJECT, otto).status());
    assertEquals(403, t.get("/api/v1/projects/" + TEAM, otto).status());
  }

  @Test
  void aUsersOwnProjectsArePrivateToThemUnlessPublic() {
    String otto = KEYS.get(Caller.OTHER_USER);
    String vic = KEYS.get(Caller.VIEWER);
    Map<String, Object> start = TestServer.runStart("mine", "own-1");
    start.put("entity", "otto");
    start.put("writer", "w-own");
    ok(t.upsert(otto, start));
    assertEquals(200, t.get("/api/v1/runs/otto/mine/own-1", otto).status());
    assertEquals(
        "private",
        t.get("/api/v1/projects/otto/mine", otto).json().path("visibility").asText());
    assertEquals(403, t.get("/api/v1/runs/otto/mine/own-1", vic).status());
    assertEquals(403, t.get("/api/v1/projects/otto", vic).status());
    Map<String, Object> intruder = TestServer.runStart("mine", "own-2");
    intruder.put("entity", "otto");
    assertEquals(403, t.upsert(vic, intruder).status());
    assertEquals(200, patch("/api/v1/projects/otto/mine", otto, "{\"visibility\":\"public\"}").status());
    assertEquals(200, t.get("/api/v1/runs/otto/mine/own-1", vic).status());
    assertEquals(403, patch("/api/v1/runs/otto/mine/own-1", vic, "{\"notes\":\"x\"}").status());
  }

  @Test
  void teamMembershipRules() {
    String ada = KEYS.get(Caller.TEAM_ADMIN);
    TestServer.Response team = t.get("/api/v1/teams/" + TEAM, KEYS.get(Caller.VIEWER));
    assertEquals(200, team.status());
    assertEquals("admin", member(team.json(), "ada"));
    assertEquals("viewer", member(team.json(), "vic"));
    // The last admin cannot leave or step down; a second admin first.
    String members = "/api/v1/teams/" + TEAM + "/members/";
    TestServer.Response last = put(members + "ada", ada, "{\"role\":\"member\"}");
    assertEquals(409, last.status());
    assertEquals("last_admin", last.errorCode());
    assertEquals("last_admin", t.send(t.request(members + "ada", ada).DELETE().build()).errorCode());
    assertEquals(400, put(members + "vic", ada, "{\"role\":\"owner\"}").status());
    assertEquals(404, put(members + "nobody", ada, "{\"role\":\"viewer\"}").status());
    assertEquals(400, put(members + "vic", ada, "{\"role\":\"viewer\",\"x\":1}").status());
    // A name of a user or a team cannot be a new team's.
    TestServer.Response taken = t.postJson("/api/v1/teams", ada, "{\"name\":\"otto\"}");
    assertEquals(409, taken.status());
    assertEquals("name_taken", taken.errorCode());
    assertEquals(
        "name_taken", t.postJson("/api/v1/teams", ada, "{\"name\":\"" + TEAM + "\"}").errorCode());
    assertEquals(400, t.postJson("/api/v1/teams", ada, "{\"name\":\"../x\"}").status());
    // A user's own entity is not a team.
    assertEquals(404, t.get("/api/v1/teams/ada", ada).status());
    // The viewer sees the team among its entities.
    JsonNode viewer = t.get("/api/v1/viewer", KEYS.get(Caller.VIEWER)).json();
    assertTrue(viewer.path("entities").toString().contains(TEAM), viewer.toString());
    assertEquals("viewer", viewer.path("teams").get(0).path("role").asText());
  }

  @Test
  void keysAreListedRevokedAndStoredOnlyAsHashes() throws IOException {
    String key = newUser("kay");
    TestServer.Response second =
        t.postJson("/api/v1/keys", key, "{\"description\":\"laptop\"}");
    assertEquals(201, second.status(), second.text());
    String secondKey = second.json().path("key").asText();
    long secondId = second.json().path("id").asLong();
    assertEquals(secondKey.substring(0, 4), second.json().path("prefix").asText());
    JsonNode keys = t.get("/api/v1/keys", secondKey).json().path("keys");
    assertEquals(2, keys.size());
    assertEquals("laptop", keys.get(1).path("description").asText());
    assertFalse(keys.toString().contains(secondKey), "a listed key shows only its prefix");
    // Someone else's key is not theirs to revoke: not found.
    assertEquals(
        404,
        t.send(t.request("/api/v1/keys/" + secondId, KEYS.get(Caller.OTHER_USER)).DELETE().build())
            .status());
    assertEquals(200, t.get("/api/v1/viewer", secondKey).status());
    long firstId = keys.get(0).path("id").asLong();
    assertEquals(200, t.send(t.request("/api/v1/keys/" + firstId, secondKey).DELETE().build()).status());
    assertEquals(401, t.get("/api/v1/viewer", key).status());
    TestServer.Response last =
        t.send(t.request("/api/v1/keys/" + secondId, secondKey).DELETE().build());
    assertEquals(409, last.status());
    assertEquals("last_key", last.errorCode());
    assertEquals(
        400, t.send(t.request("/api/v1/keys/abc", secondKey).DELETE().build()).status());
    // No plain key anywhere in the data folder: the database holds hashes.
    try (var files = java.nio.file.Files.walk(dir)) {
      for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        if (f.getFileName().toString().equals("admin-api-key")) {
          continue; // the admin's first key, written once for the operator (mode 0600)
        }
        String bytes = new String(java.nio.file.Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(secondKey), "plain key in " + f);
        assertFalse(bytes.contains(key), "plain key in " + f);
      }
    }
  }

  @Test
  void onlyServerAdminsCreateUsers() {
    TestServer.Response refused =
        t.postJson("/api/v1/users", KEYS.get(Caller.TEAM_ADMIN), "{\"name\":\"eve\"}");
    assertEquals(403, refused.status());
    assertEquals("forbidden", refused.errorCode());
    assertEquals("name_taken", t.postJson("/api/v1/users", t.adminKey, "{\"name\":\"" + TEAM + "\"}").errorCode());
    assertEquals(400, t.postJson("/api/v1/users", t.adminKey, "{\"name\":\"a b\"}").status());
    assertEquals(400, t.postJson("/api/v1/users", t.adminKey, "{\"name\":\"x\",\"admin\":\"yes\"}").status());
    JsonNode users = t.get("/api/v1/users", t.adminKey).json().path("users");
    assertTrue(users.toString().contains("\"otto\""), users.toString());
    assertFalse(users.toString().contains("\"eve\""));
  }

  // ---- helpers ----

  private static String newUser(String name) {
    TestServer.Response r = t.postJson("/api/v1/users", t.adminKey, "{\"name\":\"" + name + "\"}");
    assertEquals(201, r.status(), r.text());
    String key = r.json().path("key").asText();
    assertNotNull(key);
    return key;
  }

  private static void role(String user, String role) {
    ok(put("/api/v1/teams/" + TEAM + "/members/" + user, KEYS.get(Caller.TEAM_ADMIN),
        "{\"role\":\"" + role + "\"}"));
  }

  private static Map<String, Object> teamRun(String id, String writer) {
    Map<String, Object> start = TestServer.runStart(PROJECT, id);
    start.put("entity", TEAM);
    start.put("writer", writer);
    return start;
  }

  private static dev.vane.protocol.RunStart teamRecord(String id) {
    dev.vane.protocol.RunStart r = TestServer.runRecord(PROJECT, id);
    return new dev.vane.protocol.RunStart(
        r.id(), TEAM, r.project(), r.name(), r.notes(), r.tags(), r.group(), r.jobType(),
        r.config(), r.startTime(), "writer-" + id, r.mode());
  }

  private static String files(String id) {
    return "/api/v1/runs/" + TEAM + "/" + PROJECT + "/" + id + "/files";
  }

  private static List<String> projectNames(String key) {
    List<String> names = new ArrayList<>();
    t.get("/api/v1/projects/" + TEAM, key).json().path("projects")
        .forEach(p -> names.add(p.path("name").asText()));
    return names;
  }

  private static String member(JsonNode team, String user) {
    for (JsonNode m : team.path("members")) {
      if (m.path("user").asText().equals(user)) {
        return m.path("role").asText();
      }
    }
    return null;
  }

  private static TestServer.Response patch(String path, String key, String json) {
    return t.send(
        t.request(path, key)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static TestServer.Response put(String path, String key, String json) {
    return t.send(
        t.request(path, key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static String json(Object body) {
    try {
      return VaneJson.records().writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ok(TestServer.Response r) {
    assertTrue(r.status() / 100 == 2, r.status() + " " + r.text());
  }
}
