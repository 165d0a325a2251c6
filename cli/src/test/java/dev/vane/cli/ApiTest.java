package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.Api;
import dev.vane.ApiRun;
import dev.vane.HistoryBucket;
import dev.vane.Run;
import dev.vane.RunFilter;
import dev.vane.RunOptions;
import dev.vane.Vane;
import dev.vane.VaneException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API ({@link Api}, {@link ApiRun}) against a real server, on runs the SDK logged. */
class ApiTest {
  @TempDir static Path tmp;
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() throws IOException {
    server = new TestServer(tmp.resolve("server"));
    api = Api.create(server.baseUrl() + "/", server.key);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RunOptions.Builder options(String project) {
    return RunOptions.builder()
        .baseUrl(server.baseUrl())
        .apiKey(server.key)
        .entity("admin")
        .project(project)
        .dir(tmp.resolve("work"))
        .silent(true);
  }

  /** A finished run of the project with the options' fields and no history. */
  private static String finishedRun(RunOptions.Builder options) {
    Run run = Vane.init(options.build());
    run.finish();
    return run.path();
  }

  @Test
  void everyFieldOfARunIsReadable() throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("lr", 0.01);
    config.put("epochs", 3);
    config.put("arch", Map.of("layers", 4));
    Run run =
        Vane.init(
            options("api-fields")
                .id("fields1")
                .name("the-name")
                .notes("some notes")
                .tags("a", "b")
                .group("g1")
                .jobType("train")
                .config(config)
                .build());
    for (int i = 0; i < 3; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1), "acc", i));
    }
    run.defineMetric("loss").summary("min");
    run.summary().put("best", "yes");
    run.finish(3);

    ApiRun r = api.run("admin/api-fields/fields1");
    assertEquals("fields1", r.id());
    assertEquals("admin", r.entity());
    assertEquals("api-fields", r.project());
    assertEquals("admin/api-fields/fields1", r.path());
    assertEquals("the-name", r.name());
    assertEquals("failed", r.state());
    assertEquals(0.01, r.config().get("lr"));
    assertEquals(3L, r.config().get("epochs"));
    assertEquals(Map.of("layers", 4L), r.config().get("arch"));
    assertEquals(Map.of("min", 1.0 / 3), r.summary().get("loss"));
    assertEquals(2L, r.summary().get("acc"));
    assertEquals("yes", r.summary().get("best"));
    assertEquals(List.of("a", "b"), r.tags());
    assertEquals("some notes", r.notes());
    assertEquals("g1", r.group());
    assertEquals("train", r.jobType());
    Instant now = Instant.now();
    assertTrue(r.createdAt().isBefore(now.plusSeconds(1)), r.createdAt().toString());
    assertTrue(r.createdAt().isAfter(now.minusSeconds(120)), r.createdAt().toString());
    assertFalse(r.updatedAt().isBefore(r.createdAt()));
    assertNotNull(r.heartbeatAt());
    assertNotNull(r.finishedAt());
    assertFalse(r.finishedAt().isBefore(r.createdAt()));
    assertEquals(3, r.exitCode());
    assertEquals(3L, r.historyLength());
    assertFalse(r.stopped());
    assertTrue(r.runtimeSeconds() >= 0);
    assertEquals(r.runtimeSeconds(), r.durationSeconds());
    assertEquals(1, r.metrics().size());
    assertEquals("loss", r.metrics().get(0).get("name"));
    assertEquals(List.of("min"), r.metrics().get(0).get("summary"));

    // The generic accessors give the server's JSON, field by field and whole.
    JsonNode raw = server.get("/api/v1/runs/admin/api-fields/fields1").body();
    List<String> fields = new ArrayList<>();
    raw.fieldNames().forEachRemaining(fields::add);
    assertEquals(fields, new ArrayList<>(r.json().keySet()));
    assertEquals("failed", r.field("state"));
    assertEquals(3L, r.field("exitCode"));
    assertEquals(r.createdAt().toString(), Instant.parse((String) r.field("createdAt")).toString());
    assertNull(r.field("forkedFrom"), "a field the server does not have is null");
    assertEquals(r.json().get("tags"), List.of("a", "b"));
    assertTrue(r.toString().contains("admin/api-fields/fields1"), r.toString());
  }

  @Test
  void aRunningRunHasNoEndYet() {
    Run run = Vane.init(options("api-running").id("live1").build());
    try {
      ApiRun r = api.run(run.path());
      assertEquals("running", r.state());
      assertNull(r.finishedAt());
      assertNull(r.exitCode());
      assertNull(r.notes());
      assertNull(r.group());
      assertNull(r.jobType());
      assertEquals(List.of(), r.tags());
      assertTrue(r.name().matches("[a-z]+-[a-z]+-\\d+"), r.name());
    } finally {
      run.finish();
    }
    ApiRun r = api.run(run.path());
    assertEquals("finished", r.state());
    assertEquals(0, r.exitCode());
  }

  @Test
  void historyStreamsEveryRowAsLogged() {
    Run run = Vane.init(options("api-history").id("hist1").build());
    List<Map<String, Object>> logged = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("loss", 1.0 / (i + 1));
      row.put("epoch", i / 100);
      if (i % 10 == 0) {
        row.put("note", "step " + i);
        row.put("flag", i % 20 == 0);
      }
      if (i % 500 == 0) {
        row.put("val/acc %&", 0.5);
      }
      if (i == 7) {
        row.put("loss", Double.NaN);
      }
      if (i == 8) {
        row.put("loss", Double.POSITIVE_INFINITY);
      }
      run.log(row);
      logged.add(row);
    }
    run.finish();

    ApiRun r = api.run("admin/api-history/hist1");
    assertEquals(2000L, r.historyLength());
    try (Stream<Map<String, Object>> rows = r.history()) {
      Iterator<Map<String, Object>> it = rows.iterator();
      for (int i = 0; i < 2000; i++) {
        assertTrue(it.hasNext(), "row " + i);
        Map<String, Object> row = it.next();
        assertEquals((long) i, row.get("_step"));
        assertTrue(row.get("_runtime") instanceof Double, row.toString());
        assertTrue((Double) row.get("_timestamp") > 1.7e9, row.toString());
        Map<String, Object> values = new LinkedHashMap<>(row);
        values.keySet().removeIf(k -> k.startsWith("_"));
        Map<String, Object> expected = new LinkedHashMap<>();
        logged.get(i).forEach((k, v) -> expected.put(k, v instanceof Integer n ? (long) n : v));
        assertEquals(expected, values, "row " + i);
      }
      assertFalse(it.hasNext());
    }

    // With keys: only the rows holding them, with the step fields and those keys.
    try (Stream<Map<String, Object>> rows = r.history("note")) {
      List<Map<String, Object>> notes = rows.toList();
      assertEquals(200, notes.size());
      assertEquals(List.of("_step", "_runtime", "_timestamp", "note"),
          new ArrayList<>(notes.get(3).keySet()));
      assertEquals("step 30", notes.get(3).get("note"));
    }
    try (Stream<Map<String, Object>> rows = r.history("flag", "note")) {
      assertEquals(200, rows.count());
    }
    try (Stream<Map<String, Object>> rows = r.history("val/acc %&")) {
      assertEquals(
          List.of(0L, 500L, 1000L, 1500L), rows.map(row -> row.get("_step")).toList(),
          "keys are sent URL-encoded");
    }
    assertThrows(IllegalArgumentException.class, () -> r.history("a,b"));
  }

  @Test
  void aHistoryStreamLeftEarlyClosesItsConnection() {
    Run run = Vane.init(options("api-early").id("early1").build());
    for (int i = 0; i < 20_000; i++) {
      run.log(Map.of("x", i, "y", i * 0.5));
    }
    run.finish();
    ApiRun r = api.run("admin/api-early/early1");
    // Far more streams than the server has threads: each must give its connection back.
    for (int n = 0; n < 300; n++) {
      try (Stream<Map<String, Object>> rows = r.history()) {
        List<Long> steps = rows.limit(3).map(row -> (Long) row.get("_step")).toList();
        assertEquals(List.of(0L, 1L, 2L), steps);
      }
    }
    try (Stream<Map<String, Object>> rows = r.history("y")) {
      assertEquals(20_000L, rows.count());
    }
  }

  @Test
  void sampledHistoryKeepsMinMaxAndLast() {
    Run run = Vane.init(options("api-sampled").id("samp1").build());
    for (int i = 0; i < 1000; i++) {
      run.log(Map.of("v", i == 500 ? 1e6 : (double) i, "s", "text"));
    }
    run.finish();
    ApiRun r = api.run("admin/api-sampled/samp1");
    List<HistoryBucket> buckets = r.sampledHistory("v", 10);
    assertEquals(10, buckets.size());
    assertEquals(1000L, buckets.stream().mapToLong(HistoryBucket::count).sum());
    HistoryBucket first = buckets.get(0);
    assertEquals(0L, first.minStep());
    assertEquals(0.0, first.min());
    assertEquals(first.maxStep(), first.lastStep());
    assertEquals((double) first.lastStep(), first.last());
    assertEquals(1e6, buckets.stream().mapToDouble(HistoryBucket::max).max().orElseThrow(),
        "the spike is kept");
    assertEquals(999L, buckets.get(9).lastStep());
    assertEquals(999.0, buckets.get(9).last());

    List<HistoryBucket> all = r.sampledHistory("v", 5000);
    assertEquals(1000, all.size(), "fewer points than buckets: one bucket per point");
    assertEquals(new HistoryBucket(500, 500, 1, 1e6, 1e6, 1e6, 500), all.get(500));
    assertEquals(List.of(), r.sampledHistory("s", 10), "strings are not sampled");
    assertEquals(List.of(), r.sampledHistory("never-logged", 10));
    assertThrows(IllegalArgumentException.class, () -> r.sampledHistory("v", 0));
    assertThrows(IllegalArgumentException.class, () -> r.sampledHistory("", 10));
  }

  @Test
  void updateChangesTheEditableFields() {
    String path =
        finishedRun(options("api-update").id("upd1").name("before").tags("old").group("g0"));
    ApiRun r = api.run(path);
    r.setName("after").setNotes("new notes").setTags(List.of("x", "y")).setGroup("g2")
        .setJobType("eval");
    assertEquals("after", r.name(), "a setter changes the object at once");
    assertEquals(List.of("x", "y"), r.tags());
    Instant updatedBefore = r.updatedAt();
    r.update();
    assertEquals("after", r.name());
    assertFalse(r.updatedAt().isBefore(updatedBefore));

    ApiRun fresh = api.run(path);
    assertEquals("after", fresh.name());
    assertEquals("new notes", fresh.notes());
    assertEquals(List.of("x", "y"), fresh.tags());
    assertEquals("g2", fresh.group());
    assertEquals("eval", fresh.jobType());
    assertEquals("finished", fresh.state());

    // null removes; unchanged fields stay
    fresh.setNotes(null).setGroup(null).setTags(List.of());
    fresh.update();
    ApiRun again = api.run(path);
    assertNull(again.notes());
    assertNull(again.group());
    assertEquals(List.of(), again.tags());
    assertEquals("after", again.name());
    assertEquals("eval", again.jobType());

    // refresh drops changes not sent
    again.setName("not sent");
    again.refresh();
    assertEquals("after", again.name());
    assertEquals("after", api.run(path).name());

    // a change the server refuses is a VaneException, and nothing changes
    again.setName("nul\u0000name");
    VaneException refused = assertThrows(VaneException.class, again::update);
    assertEquals(400, refused.status());
    assertEquals("invalid_argument", refused.code());
    assertTrue(refused.getMessage().contains("name"), refused.getMessage());
    assertEquals("after", api.run(path).name());
    again.refresh();

    assertThrows(IllegalArgumentException.class, () -> again.setName(""));
    assertThrows(IllegalArgumentException.class, () -> again.setTags(null));
    assertThrows(IllegalArgumentException.class, () -> again.setTags(List.of("ok", "")));
  }

  @Test
  void stopReachesTheRunningProgram() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Run run = Vane.init(options("api-stop").id("stop1").onStop(stopped::countDown).build());
    try {
      ApiRun r = api.run(run.path());
      assertFalse(r.stopped());
      r.stop();
      assertTrue(r.stopped(), "the fields come from the stop's answer");
      assertEquals("running", r.state());
      assertTrue(api.run(run.path()).stopped());
      assertTrue(stopped.await(20, TimeUnit.SECONDS), "the program's stop handler ran");
    } finally {
      run.finish();
    }
    ApiRun ended = api.run(run.path());
    assertEquals("killed", ended.state());
    assertEquals(255, ended.exitCode());
    assertTrue(ended.stopped());
    VaneException again = assertThrows(VaneException.class, ended::stop);
    assertEquals(409, again.status());
    assertEquals("run_ended", again.code());
    assertTrue(again.getMessage().contains("killed"), again.getMessage());
  }

  @Test
  void deleteRemovesTheRun() {
    String path = finishedRun(options("api-delete").id("del1"));
    ApiRun r = api.run(path);
    r.delete();
    VaneException e = assertThrows(VaneException.class, () -> api.run(path));
    assertEquals(404, e.status());
    assertEquals("not_found", e.code());
    assertTrue(e.getMessage().startsWith("no run admin/api-delete/del1"), e.getMessage());
    assertEquals(404, assertThrows(VaneException.class, r::refresh).status());
    assertEquals(404, assertThrows(VaneException.class, r::delete).status());
    assertEquals(404, assertThrows(VaneException.class, () -> r.history().count()).status());
    assertEquals(0, api.runs("admin/api-delete").count());
  }

  @Test
  void runsArePagedLazilyNewestFirstAndFilteredByGroup() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      RunOptions.Builder o = options("api-list").id("list" + i).group(i % 2 == 0 ? "even" : "odd");
      if (i < 3) {
        o.jobType("train");
      }
      created.add(0, finishedRun(o)); // newest first
    }
    assertEquals(created, api.runs("admin/api-list").map(ApiRun::path).toList());
    assertEquals(
        created, api.runs("admin/api-list", RunFilter.all(), 2).map(ApiRun::path).toList());
    assertEquals(
        created.subList(0, 3),
        api.runs("admin/api-list", RunFilter.all(), 2).limit(3).map(ApiRun::path).toList());
    assertEquals(
        List.of("list6", "list4", "list2", "list0"),
        api.runs("admin/api-list", RunFilter.group("even"), 1).map(ApiRun::id).toList());
    assertEquals(
        List.of("list5", "list3", "list1"),
        api.runs("admin/api-list", RunFilter.group("odd")).map(ApiRun::id).toList());
    assertEquals(
        List.of("list2", "list0"),
        api.runs("admin/api-list", RunFilter.group("even").withJobType("train"), 1)
            .map(ApiRun::id)
            .toList());
    assertEquals(
        List.of("list2", "list1", "list0"),
        api.runs("admin/api-list", RunFilter.jobType("train"), 2).map(ApiRun::id).toList());
    assertEquals(7, api.runs("admin/api-list", RunFilter.state("finished"), 3).count());
    assertEquals(0, api.runs("admin/api-list", RunFilter.state("running")).count());
    assertEquals(0, api.runs("admin/api-list", RunFilter.group("nope")).count());

    ApiRun listed =
        api.runs("admin/api-list", RunFilter.group("odd")).findFirst().orElseThrow();
    assertEquals("list5", listed.id());
    assertEquals("odd", listed.group());
    assertEquals("finished", listed.state());
    assertEquals(Map.of(), listed.summary());

    VaneException badState =
        assertThrows(
            VaneException.class, () -> api.runs("admin/api-list", RunFilter.state("done")));
    assertEquals(400, badState.status());
    assertEquals("invalid_argument", badState.code());
    assertTrue(badState.getMessage().contains("state"), badState.getMessage());
    assertEquals(
        404, assertThrows(VaneException.class, () -> api.runs("admin/no-project")).status());
    assertThrows(
        IllegalArgumentException.class, () -> api.runs("admin/api-list", RunFilter.all(), 0));
    assertThrows(
        IllegalArgumentException.class, () -> api.runs("admin/api-list", RunFilter.all(), 1001));
    assertThrows(IllegalArgumentException.class, () -> api.runs("admin/api-list", null));
  }

  @Test
  void badPathsAreIllegalArgumentsNamingThePath() {
    for (String bad :
        new String[] {
          "", "admin", "admin/p", "admin/p/id/x", "/p/id", "admin//id", "admin/p/", ".x/p/id",
          "admin/p q/id", "admin/p/" + "i".repeat(65), "admin/p/ id"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> api.run(bad), bad);
      assertTrue(e.getMessage().startsWith("path "), bad + ": " + e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> api.run(null));
    for (String bad : new String[] {"admin", "admin/p/id", "/p", "admin/", "a/.p"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> api.runs(bad), bad);
      assertTrue(e.getMessage().startsWith("path "), bad + ": " + e.getMessage());
    }
    IllegalArgumentException url =
        assertThrows(IllegalArgumentException.class, () -> Api.create("ftp://x", "k"));
    assertTrue(url.getMessage().startsWith("baseUrl"), url.getMessage());
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Api.create(server.baseUrl(), " "));
    assertTrue(key.getMessage().startsWith("apiKey"), key.getMessage());
  }

  @Test
  void unknownRunsWrongKeysAndDeadServersAreVaneExceptions() {
    finishedRun(options("api-errors").id("there"));
    VaneException missing =
        assertThrows(VaneException.class, () -> api.run("admin/api-errors/not-there"));
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.code());
    assertTrue(
        missing.getMessage().startsWith("no run admin/api-errors/not-there"),
        missing.getMessage());
    assertEquals(
        404, assertThrows(VaneException.class, () -> api.run("nobody/api-errors/there")).status());

    Api wrongKey = Api.create(server.baseUrl(), "not-a-key");
    VaneException unauthorized =
        assertThrows(VaneException.class, () -> wrongKey.run("admin/api-errors/there"));
    assertEquals(401, unauthorized.status());
    assertEquals("unauthorized", unauthorized.code());
    assertEquals(
        401, assertThrows(VaneException.class, () -> wrongKey.runs("admin/api-errors")).status());

    // another user reads their own entity only
    Api bob = Api.create(server.baseUrl(), server.createUser("bob"));
    VaneException forbidden =
        assertThrows(VaneException.class, () -> bob.run("admin/api-errors/there"));
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.code());
    assertEquals(
        403, assertThrows(VaneException.class, () -> bob.runs("admin/api-errors")).status());

    Api nowhere = Api.create("http://127.0.0.1:1", "k");
    VaneException down =
        assertThrows(VaneException.class, () -> nowhere.run("admin/api-errors/there"));
    assertEquals(0, down.status());
    assertNull(down.code());
    assertTrue(down.getMessage().contains("cannot reach"), down.getMessage());

    String ids = api.runs("admin/api-errors").map(ApiRun::id).collect(Collectors.joining(","));
    assertEquals("there", ids);
  }
}
