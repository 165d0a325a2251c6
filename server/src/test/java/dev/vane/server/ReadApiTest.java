package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.wire.Endpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projects, run lists with paging, the RUN object, history queries. */
class ReadApiTest {
  private static final String ISO = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";

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
  void runHasEveryPinnedField() {
    t.upsert(TestServer.runStart("rd-fields", "r1"));
    JsonNode run = t.runAsOfNow("rd-fields", "r1");
    List<String> fields = new ArrayList<>();
    run.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "id",
            "name",
            "entity",
            "project",
            "state",
            "config",
            "summary",
            "tags",
            "notes",
            "group",
            "jobType",
            "createdAt",
            "updatedAt",
            "heartbeatAt",
            "finishedAt",
            "exitCode",
            "historyLength",
            "stopped",
            "runtimeSeconds",
            "durationSeconds",
            "metrics",
            "forkedFrom",
            "archived",
            "metadata"),
        fields);
    assertTrue(run.get("createdAt").asText().matches(ISO), run.get("createdAt").asText());
    assertTrue(run.get("updatedAt").asText().matches(ISO));
    assertTrue(run.get("heartbeatAt").asText().matches(ISO));
    assertTrue(run.get("finishedAt").isNull());
    assertTrue(run.get("notes").isNull());
    assertTrue(run.get("tags").isArray());
  }

  @Test
  void projectsListCountsRuns() {
    Map<String, Object> other = TestServer.runStart("rd-b", "r1");
    other.put("entity", "rd-entity");
    t.upsert(other);
    for (int i = 0; i < 3; i++) {
      Map<String, Object> s = TestServer.runStart("rd-a", "r" + i);
      s.put("entity", "rd-entity");
      t.upsert(s);
    }
    JsonNode projects = t.get("/api/v1/projects/rd-entity").json().get("projects");
    assertEquals(2, projects.size());
    assertEquals("rd-a", projects.get(0).get("name").asText());
    assertEquals(3, projects.get(0).get("runCount").asLong());
    assertEquals("rd-b", projects.get(1).get("name").asText());
    assertEquals(1, projects.get(1).get("runCount").asLong());
    assertTrue(projects.get(0).get("createdAt").asText().matches(ISO));

    assertEquals(204, t.delete(Endpoints.run("rd-entity", "rd-a", "r0")).status());
    projects = t.get("/api/v1/projects/rd-entity").json().get("projects");
    assertEquals(2, projects.get(0).get("runCount").asLong(), "deleted runs are not counted");

    assertEquals("not_found", t.get("/api/v1/projects/no-such-entity").errorCode());
    assertEquals("invalid_name", t.get("/api/v1/projects/.bad").errorCode());
  }

  @Test
  void runsArePagedNewestFirst() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Map<String, Object> s = TestServer.runStart("rd-paging", "run" + i);
      s.put("startTime", 1795793230.0 + (i % 3)); // ties on the start time break by creation order
      t.upsert(s);
      created.add("run" + i);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    List<Integer> pageSizes = new ArrayList<>();
    do {
      String url =
          "/api/v1/runs/admin/rd-paging?limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = t.get(url).json();
      pageSizes.add(page.get("runs").size());
      page.get("runs").forEach(r -> seen.add(r.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertEquals(List.of(3, 3, 1), pageSizes);
    // newest first: by start time, then by creation
    assertEquals(List.of("run5", "run2", "run4", "run1", "run6", "run3", "run0"), seen);

    JsonNode all = t.get("/api/v1/runs/admin/rd-paging").json();
    assertEquals(7, all.get("runs").size());
    assertTrue(all.get("nextCursor").isNull());
  }

  @Test
  void badPagingParametersAre400() {
    t.upsert(TestServer.runStart("rd-bad-paging", "r1"));
    for (String q :
        new String[] {"limit=0", "limit=1001", "limit=x", "cursor=abc", "cursor=" + "djE6eA"}) {
      TestServer.Response r = t.get("/api/v1/runs/admin/rd-bad-paging?" + q);
      assertEquals(400, r.status(), q);
      assertEquals("invalid_argument", r.errorCode(), q);
    }
    assertTrue(
        t.get("/api/v1/runs/admin/rd-bad-paging?limit=x")
            .json()
            .path("error")
            .path("message")
            .asText()
            .contains("limit"));
    assertEquals(200, t.get("/api/v1/runs/admin/rd-bad-paging?limit=1000").status());
    assertEquals("not_found", t.get("/api/v1/runs/admin/no-such-project").errorCode());
    assertEquals("not_found", t.get(Endpoints.run("admin", "rd-bad-paging", "nope")).errorCode());
  }

  @Test
  void historyKeysAndStepRanges() {
    t.upsert(TestServer.runStart("rd-history", "r1"));
    List<RecordPayload> records = new ArrayList<>();
    records.add(TestServer.runRecord("rd-history", "r1"));
    for (int step = 0; step < 10; step++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("_step", step);
      m.put("_runtime", step * 1.0);
      m.put("_timestamp", 1795793230.0 + step);
      m.put("loss", 1.0 / (step + 1));
      if (step % 2 == 0) {
        m.put("acc", step / 10.0);
      }
      m.put("other", "x");
      records.add(new HistoryRow(m));
    }
    assertEquals(
        200,
        t.ingest("rd-history", "r1", TestServer.frames(1, records.toArray(RecordPayload[]::new)))
            .status());
    String base = Endpoints.run("admin", "rd-history", "r1") + "/history";

    assertEquals(10, t.get(base).json().get("rows").size());

    JsonNode acc = t.get(base + "?keys=acc").json().get("rows");
    assertEquals(5, acc.size(), "rows without acc are left out");
    for (JsonNode row : acc) {
      List<String> keys = new ArrayList<>();
      row.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("_step", "_runtime", "_timestamp", "acc"), keys);
    }

    JsonNode both = t.get(base + "?keys=acc,loss").json().get("rows");
    assertEquals(10, both.size());
    assertTrue(both.get(1).has("loss"));

    JsonNode range = t.get(base + "?minStep=3&maxStep=6").json().get("rows");
    assertEquals(List.of(3L, 4L, 5L, 6L), steps(range));

    assertEquals(List.of(4L, 5L), steps(t.get(base + "?minStep=4&limit=2").json().get("rows")));
    assertEquals(
        List.of(4L, 6L), steps(t.get(base + "?keys=acc&minStep=3&limit=2").json().get("rows")));
    assertEquals(0, t.get(base + "?keys=nothing").json().get("rows").size());

    assertEquals("invalid_argument", t.get(base + "?limit=0").errorCode());
    assertEquals("invalid_argument", t.get(base + "?minStep=abc").errorCode());
  }

  private static List<Long> steps(JsonNode rows) {
    List<Long> steps = new ArrayList<>();
    rows.forEach(r -> steps.add(r.get("_step").asLong()));
    return steps;
  }
}
