package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.wire.Endpoints;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /api/v1/runs}: create, attach, refusals, names. */
class UpsertTest {
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

  @Test
  void createsARunningRunWithTheBodysFields() {
    Map<String, Object> start = TestServer.runStart("up-create", "pdo5110r");
    start.put("tags", List.of("baseline", "v2"));
    start.put("notes", "first try");
    start.put("group", "g1");
    start.put("jobType", "train");
    start.put("startTime", 1795793230.512);
    TestServer.Response r = t.upsert(start);
    assertEquals(200, r.status(), r.text());
    JsonNode body = r.json();
    assertEquals("admin", body.get("entity").asText());
    assertEquals("up-create", body.get("project").asText());
    assertEquals("pdo5110r", body.get("id").asText());
    assertEquals(0, body.get("lastSeq").asLong());
    assertTrue(body.get("created").asBoolean());
    assertTrue(body.get("name").asText().matches("^[a-z]+-[a-z]+-1$"), body.get("name").asText());

    JsonNode run = t.run("up-create", "pdo5110r");
    assertEquals("running", run.get("state").asText());
    assertEquals(body.get("name").asText(), run.get("name").asText());
    assertEquals(0.01, run.get("config").get("learning_rate").asDouble());
    assertEquals(10, run.get("config").get("epochs").asInt());
    assertTrue(run.get("config").get("epochs").isIntegralNumber());
    assertEquals(
        List.of("baseline", "v2"),
        List.of(run.get("tags").get(0).asText(), run.get("tags").get(1).asText()));
    assertEquals("first try", run.get("notes").asText());
    assertEquals("g1", run.get("group").asText());
    assertEquals("train", run.get("jobType").asText());
    assertEquals(
        "2026-11-27T15:27:10.512Z", run.get("createdAt").asText(), "createdAt is the start time");
    assertTrue(run.get("finishedAt").isNull());
    assertTrue(run.get("exitCode").isNull());
    assertEquals(0, run.get("historyLength").asLong());
    assertEquals(0, run.get("summary").size());
  }

  @Test
  void sameWriterAttachesAndChangesNothing() {
    Map<String, Object> start = TestServer.runStart("up-attach", "r1");
    TestServer.Response first = t.upsert(start);
    JsonNode before = t.run("up-attach", "r1");
    start.put("name", "other-name");
    start.put("config", Map.of("changed", true));
    TestServer.Response again = t.upsert(start);
    assertEquals(200, again.status());
    assertFalse(again.json().get("created").asBoolean());
    assertEquals(first.json().get("name"), again.json().get("name"));
    assertEquals(before, t.run("up-attach", "r1"));
  }

  @Test
  void anotherWriterIsRunExists() {
    Map<String, Object> start = TestServer.runStart("up-exists", "r1");
    t.upsert(start);
    JsonNode before = t.run("up-exists", "r1");
    start.put("writer", "writer-2");
    TestServer.Response r = t.upsert(start);
    assertEquals(409, r.status());
    assertEquals("run_exists", r.errorCode());
    assertEquals(before, t.run("up-exists", "r1"));
  }

  static Stream<String> badIds() {
    return Stream.of(
        "",
        "x".repeat(65),
        " lead",
        "trail ",
        "\tx",
        "a:b",
        "a;b",
        "a,b",
        "a#b",
        "a?b",
        "a/b",
        "a'b");
  }

  @ParameterizedTest
  @MethodSource("badIds")
  void invalidIdsAreRefusedAndCreateNothing(String id) {
    TestServer.Response r = t.upsert(TestServer.runStart("up-bad-id", id));
    assertEquals(400, r.status(), id);
    assertEquals("invalid_id", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().contains("run id"));
    assertFalse(projectNames().contains("up-bad-id"), "no project created");
  }

  @Test
  void sixtyFourCharactersAndInnerSpacesAreFine() {
    assertEquals(200, t.upsert(TestServer.runStart("up-good-id", "x".repeat(64))).status());
    assertEquals(200, t.upsert(TestServer.runStart("up-good-id", "a b\\c.d")).status());
    assertEquals(200, t.get(Endpoints.run("admin", "up-good-id", "a b\\c.d")).status());
  }

  static Stream<String> badNames() {
    return Stream.of("", ".hidden", "-dash", "a b", "a/b", "a:b", "ü", "x".repeat(129));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void invalidProjectNamesAreRefused(String project) {
    TestServer.Response r = t.upsert(TestServer.runStart(project, "r1"));
    assertEquals(400, r.status(), project);
    assertEquals("invalid_name", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().startsWith("project"));
  }

  @ParameterizedTest
  @MethodSource("badNames")
  void invalidEntityNamesAreRefused(String entity) {
    Map<String, Object> start = TestServer.runStart("up-bad-entity", "r1");
    start.put("entity", entity);
    TestServer.Response r = t.upsert(start);
    assertEquals(400, r.status(), entity);
    assertEquals("invalid_name", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().startsWith("entity"));
    assertFalse(projectNames().contains("up-bad-entity"));
  }

  @Test
  void namesCountRunsOfTheProject() {
    for (int i = 1; i <= 3; i++) {
      String name = t.upsert(TestServer.runStart("up-names", "r" + i)).json().get("name").asText();
      assertTrue(name.matches("^[a-z]+-[a-z]+-" + i + "$"), name);
    }
    Map<String, Object> named = TestServer.runStart("up-names", "r4");
    named.put("name", "my run");
    assertEquals("my run", t.upsert(named).json().get("name").asText());
    String fifth = t.upsert(TestServer.runStart("up-names", "r5")).json().get("name").asText();
    assertTrue(fifth.endsWith("-5"), "a named run still counts: " + fifth);
    // another project counts on its own
    assertTrue(
        t.upsert(TestServer.runStart("up-names-2", "r1"))
            .json()
            .get("name")
            .asText()
            .endsWith("-1"));
  }

  @Test
  void projectIsCreatedOnItsFirstRun() {
    assertFalse(projectNames().contains("up-new-project"));
    t.upsert(TestServer.runStart("up-new-project", "r1"));
    assertTrue(projectNames().contains("up-new-project"));
  }

  @Test
  void missingProjectMeansUncategorized() {
    Map<String, Object> start = TestServer.runStart(null, "up-uncat");
    TestServer.Response r = t.upsert(start);
    assertEquals(200, r.status(), r.text());
    assertEquals("uncategorized", r.json().get("project").asText());
  }

  @Test
  void badBodiesAreRefused() {
    assertEquals("invalid_json", t.postJson(Endpoints.RUNS, t.adminKey, "{\"id\":").errorCode());
    assertEquals("invalid_json", t.postJson(Endpoints.RUNS, t.adminKey, "[1,2]").errorCode());
    assertEquals("invalid_json", t.postJson(Endpoints.RUNS, t.adminKey, "").errorCode());
    assertEquals("invalid_json", t.postJson(Endpoints.RUNS, t.adminKey, "null").errorCode());
    assertEquals(
        "invalid_json",
        t.postJson(
                Endpoints.RUNS, t.adminKey, "{\"id\":\"x\",\"tags\":\"notalist\",\"writer\":\"w\"}")
            .errorCode());
    Map<String, Object> noWriter = TestServer.runStart("up-bad-body", "r1");
    noWriter.remove("writer");
    TestServer.Response r = t.upsert(noWriter);
    assertEquals(400, r.status());
    assertEquals("invalid_argument", r.errorCode());
    assertTrue(r.json().path("error").path("message").asText().contains("writer"));
    Map<String, Object> emptyTag = TestServer.runStart("up-bad-body", "r1");
    emptyTag.put("tags", List.of(""));
    assertEquals("invalid_argument", t.upsert(emptyTag).errorCode());
    TestServer.Response text =
        t.send(
            t.request(Endpoints.RUNS, t.adminKey)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertEquals(415, text.status());
    assertEquals("unsupported_media_type", text.errorCode());
    assertFalse(projectNames().contains("up-bad-body"));
  }

  private static List<String> projectNames() {
    return t.get("/api/v1/projects/admin").json().get("projects").findValuesAsText("name");
  }
}
