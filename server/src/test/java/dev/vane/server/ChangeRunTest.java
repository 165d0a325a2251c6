package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.DetailsUpdate;
import dev.vane.protocol.wire.Endpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PATCH and DELETE of runs. */
class ChangeRunTest {
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
  void patchChangesTheEditableFields() {
    t.upsert(TestServer.runStart("ch-patch", "r1"));
    String url = Endpoints.run("admin", "ch-patch", "r1");
    TestServer.Response r =
        t.patch(
            url,
            "{\"name\":\"renamed\",\"notes\":\"n\",\"tags\":[\"a\",\"b\"],"
                + "\"group\":\"g\",\"jobType\":\"eval\"}");
    assertEquals(200, r.status(), r.text());
    JsonNode run = r.json();
    assertEquals("renamed", run.get("name").asText());
    assertEquals("n", run.get("notes").asText());
    assertEquals(2, run.get("tags").size());
    assertEquals("g", run.get("group").asText());
    assertEquals("eval", run.get("jobType").asText());
    assertEquals(TestServer.withoutClock(run), t.run("ch-patch", "r1"));

    run = t.patch(url, "{\"notes\":null,\"tags\":[]}").json();
    assertTrue(run.get("notes").isNull());
    assertEquals(0, run.get("tags").size());
    assertEquals("renamed", run.get("name").asText(), "fields not named stay");
    assertEquals(200, t.patch(url, "{}").status());
  }

  @Test
  void detailsRecordsChangeTheFieldsTheyNameAndBadOnesChangeNothing() {
    t.upsert(TestServer.runStart("ch-details", "r1"));
    TestServer.Response r =
        t.ingest(
            "ch-details",
            "r1",
            TestServer.frames(
                1,
                TestServer.runRecord("ch-details", "r1"),
                new DetailsUpdate("renamed", null, List.of("x"), null, null),
                new DetailsUpdate(null, "notes", null, "g", "eval")));
    assertEquals(200, r.status(), r.text());
    JsonNode run = t.run("ch-details", "r1");
    assertEquals("renamed", run.get("name").asText());
    assertEquals("notes", run.get("notes").asText());
    assertEquals("[\"x\"]", run.get("tags").toString());
    assertEquals("g", run.get("group").asText());
    assertEquals("eval", run.get("jobType").asText());

    TestServer.Response bad =
        t.ingest(
            "ch-details",
            "r1",
            TestServer.frames(
                4,
                new DetailsUpdate(null, "changed", null, null, null),
                new DetailsUpdate(" ", null, null, null, null)));
    assertEquals(400, bad.status());
    assertTrue(bad.text().contains("record 5") && bad.text().contains("blank"), bad.text());
    assertEquals(run, t.run("ch-details", "r1"));
  }

  @Test
  void badPatchesAre400AndChangeNothing() {
    t.upsert(TestServer.runStart("ch-bad-patch", "r1"));
    String url = Endpoints.run("admin", "ch-bad-patch", "r1");
    JsonNode before = t.run("ch-bad-patch", "r1");
    Map<String, String> bodies =
        Map.of(
            "{\"state\":\"finished\"}", "invalid_argument",
            "{\"name\":\"\"}", "invalid_argument",
            "{\"name\":null}", "invalid_argument",
            "{\"name\":5}", "invalid_argument",
            "{\"tags\":\"x\"}", "invalid_argument",
            "{\"tags\":[\"\"]}", "invalid_argument",
            "{\"notes\":7,\"name\":\"ok\"}", "invalid_argument",
            "{\"group\":[]}", "invalid_argument",
            "[]", "invalid_json",
            "{\"name\":", "invalid_json");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      TestServer.Response r = t.patch(url, e.getKey());
      assertEquals(400, r.status(), e.getKey());
      assertEquals(e.getValue(), r.errorCode(), e.getKey());
      assertEquals(before, t.run("ch-bad-patch", "r1"), e.getKey());
    }
    assertTrue(
        t.patch(url, "{\"state\":\"x\"}")
            .json()
            .path("error")
            .path("message")
            .asText()
            .contains("state"));
    assertEquals(404, t.patch(Endpoints.run("admin", "ch-bad-patch", "nope"), "{}").status());
  }

  @Test
  void deleteRemovesEverythingAndTheIdStaysTaken() throws Exception {
    t.upsert(TestServer.runStart("ch-delete", "r1"));
    t.upsert(TestServer.runStart("ch-delete", "r2"));
    t.ingest(
        "ch-delete",
        "r1",
        TestServer.frames(
            1, TestServer.runRecord("ch-delete", "r1"), IngestTest.row(0, "loss", 1.0)));
    String url = Endpoints.run("admin", "ch-delete", "r1");
    assertEquals(
        200,
        t.put(
                Endpoints.file("admin", "ch-delete", "r1", "config.json"),
                "{}".getBytes(StandardCharsets.UTF_8))
            .status());
    long filesBefore = countFiles(dir.resolve("files"));
    assertTrue(filesBefore >= 1);

    TestServer.Response del = t.delete(url);
    assertEquals(204, del.status());
    assertEquals(0, del.body().length);
    assertEquals("not_found", t.get(url).errorCode());
    assertEquals(404, t.get(url + "/history").status());
    assertEquals(404, t.get(url + "/files").status());
    assertEquals(
        filesBefore - 1, countFiles(dir.resolve("files")), "the run's files are gone from disk");
    assertEquals(404, t.delete(url).status());

    TestServer.Response again = t.upsert(TestServer.runStart("ch-delete", "r1"));
    assertEquals(409, again.status());
    assertEquals("run_deleted", again.errorCode());
    assertEquals(404, t.get(url).status(), "the refused upsert created nothing");
    assertEquals(200, t.get(Endpoints.run("admin", "ch-delete", "r2")).status(), "other runs stay");
    JsonNode runs = t.get("/api/v1/runs/admin/ch-delete").json().get("runs");
    assertEquals(1, runs.size());
    assertFalse(runs.get(0).get("id").asText().equals("r1"));
    // the same ID in another project is a different run
    assertEquals(200, t.upsert(TestServer.runStart("ch-delete-other", "r1")).status());
  }

  static long countFiles(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }
}
