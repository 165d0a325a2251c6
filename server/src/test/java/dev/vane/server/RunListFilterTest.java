package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vane.protocol.RunExit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/runs/{entity}/{project}?group=&jobType=&state=} with cursor paging. */
class RunListFilterTest {
  private static final String PROJECT = "filtered";

  @TempDir static Path dir;
  static TestServer t;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    // run0..run9: even runs in group "a", odd in "b"; job types cycle train, eval, none;
    // runs 0, 3, 6, 9 finished, the rest running.
    for (int i = 0; i < 10; i++) {
      Map<String, Object> s = TestServer.runStart(PROJECT, "run" + i);
      s.put("startTime", 1795793230.0 + i);
      s.put("group", i % 2 == 0 ? "a" : "b");
      s.put("jobType", i % 3 == 0 ? "train" : i % 3 == 1 ? "eval" : null);
      assertEquals(200, t.upsert(s).status());
      if (i % 3 == 0) {
        TestServer.Response r =
            t.ingest(
                PROJECT,
                "run" + i,
                TestServer.frames(
                    1,
                    TestServer.runRecord(PROJECT, "run" + i),
                    new RunExit(0, 1795793300.0, 10, null)));
        assertEquals(200, r.status(), r.text());
      }
    }
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  /** Every run of the filtered list, following nextCursor page by page; also the page sizes. */
  private static List<String> all(String query, int limit, List<Integer> pageSizes) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String url =
          "/api/v1/runs/admin/"
              + PROJECT
              + "?limit="
              + limit
              + (query.isEmpty() ? "" : "&" + query)
              + (cursor == null ? "" : "&cursor=" + cursor);
      TestServer.Response r = t.get(url);
      assertEquals(200, r.status(), url + ": " + r.text());
      JsonNode page = r.json();
      pageSizes.add(page.get("runs").size());
      page.get("runs").forEach(run -> ids.add(run.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    return ids;
  }

  @Test
  void groupFilterPagesThroughTheGroupOnly() {
    List<Integer> sizes = new ArrayList<>();
    assertEquals(List.of("run8", "run6", "run4", "run2", "run0"), all("group=a", 2, sizes));
    assertEquals(List.of(2, 2, 1), sizes, "pages are full pages of the group's runs");
    sizes.clear();
    assertEquals(List.of("run9", "run7", "run5", "run3", "run1"), all("group=b", 5, sizes));
    assertEquals(List.of(5), sizes, "an exact last page has no next cursor");
    assertEquals(List.of(), all("group=nope", 2, new ArrayList<>()));
    assertEquals(10, all("", 3, new ArrayList<>()).size(), "no filter lists every run");
    assertEquals(10, all("group=", 3, new ArrayList<>()).size(), "an empty filter is no filter");
  }

  @Test
  void jobTypeStateAndCombinedFilters() {
    assertEquals(
        List.of("run9", "run6", "run3", "run0"), all("jobType=train", 3, new ArrayList<>()));
    assertEquals(List.of("run7", "run4", "run1"), all("jobType=eval", 1, new ArrayList<>()));
    assertEquals(
        List.of("run9", "run6", "run3", "run0"), all("state=finished", 2, new ArrayList<>()));
    assertEquals(
        List.of("run8", "run7", "run5", "run4", "run2", "run1"),
        all("state=running", 4, new ArrayList<>()));
    assertEquals(List.of("run6", "run0"), all("group=a&jobType=train", 1, new ArrayList<>()));
    assertEquals(
        List.of("run9", "run3"), all("group=b&jobType=train&state=finished", 1, new ArrayList<>()));
    assertEquals(List.of(), all("state=crashed", 5, new ArrayList<>()));
    assertEquals(
        List.of("run7", "run1"), all("group=b&jobType=eval&state=running", 1, new ArrayList<>()));
  }

  @Test
  void filteredRunsAreWholeRunObjects() {
    JsonNode runs = t.get("/api/v1/runs/admin/" + PROJECT + "?group=a&jobType=train").json();
    JsonNode first = runs.get("runs").get(0);
    assertEquals("run6", first.get("id").asText());
    assertEquals("a", first.get("group").asText());
    assertEquals("train", first.get("jobType").asText());
    assertEquals("finished", first.get("state").asText());
    assertTrue(runs.get("nextCursor").isNull());
  }

  @Test
  void anUnknownStateIs400NamingTheParameter() {
    for (String state : new String[] {"done", "RUNNING", "Finished", "running,finished"}) {
      TestServer.Response r = t.get("/api/v1/runs/admin/" + PROJECT + "?state=" + state);
      assertEquals(400, r.status(), state);
      assertEquals("invalid_argument", r.errorCode(), state);
      String message = r.json().path("error").path("message").asText();
      assertTrue(message.startsWith("state must be one of running, finished, failed"), message);
    }
    assertEquals("not_found", t.get("/api/v1/runs/admin/no-such-project?group=a").errorCode());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void jsonFilterAndOrderPageTogetherAndCombineWithTheSimpleFilters() {
    String finished = "filter=" + enc("{\"state\":\"finished\"}");
    assertEquals(
        List.of("run0", "run3", "run6", "run9"),
        all(finished + "&order=" + enc("+createdAt"), 1, new ArrayList<>()));
    assertEquals(
        List.of("run9", "run3"), all(finished + "&group=b", 1, new ArrayList<>()));
    String either = enc("{\"$or\":[{\"jobType\":\"eval\"},{\"id\":{\"$regex\":\"^run[01]$\"}}]}");
    assertEquals(
        List.of("run1", "run7", "run0", "run4"),
        all("filter=" + either + "&order=" + enc("-group,+id"), 2, new ArrayList<>()));
    // A bare field name sorts ascending; "+" unencoded arrives as a space, which is fine too.
    assertEquals(
        List.of("run0", "run1", "run2"),
        all("filter=" + enc("{\"id\":{\"$lte\":\"run2\"}}") + "&order=id", 2, new ArrayList<>()));
    assertEquals(
        List.of("run0", "run1", "run2"),
        all("filter=" + enc("{\"id\":{\"$lte\":\"run2\"}}") + "&order=+id", 2, new ArrayList<>()));
  }

  private static void assert400(String query, String parameter, String problem) {
    TestServer.Response r = t.get("/api/v1/runs/admin/" + PROJECT + "?" + query);
    assertEquals(400, r.status(), query + ": " + r.text());
    assertEquals("invalid_argument", r.errorCode(), query);
    String message = r.json().path("error").path("message").asText();
    assertTrue(message.startsWith(parameter + ": "), message);
    assertTrue(message.contains(problem), message);
  }

  @Test
  void badFiltersAndOrdersAre400NamingTheParameter() {
    assert400("filter=" + enc("{\"state\":"), "filter", "not valid JSON");
    assert400("filter=" + enc("[]"), "filter", "must be a JSON object");
    assert400("filter=" + enc("{\"state\":{\"$like\":\"x\"}}"), "filter",
        "unknown operator \"$like\"");
    assert400("filter=" + enc("{\"colour\":\"red\"}"), "filter", "unknown field \"colour\"");
    assert400("filter=" + enc("{\"state\":{\"$in\":\"running\"}}"), "filter", "takes a list");
    assert400("filter=" + enc("{\"id\":{\"$regex\":\"[\"}}"), "filter",
        "not a valid regular expression");
    assert400("filter=" + enc("{\"id\":{\"$regex\":\"" + "x".repeat(1001) + "\"}}"), "filter",
        "longer than 1000");
    assert400("filter=" + enc("{\"createdAt\":{\"$within\":\"a week\"}}"), "filter",
        "takes a duration");
    assert400("order=" + enc("-colour"), "order", "unknown field \"colour\"");
    assert400("order=" + enc("name,,id"), "order", "empty sort key");
  }

  @Test
  void aCursorOnlyContinuesItsOwnOrder() {
    JsonNode first = t.get("/api/v1/runs/admin/" + PROJECT + "?limit=2&order=-id").json();
    String cursor = first.get("nextCursor").asText();
    TestServer.Response r =
        t.get("/api/v1/runs/admin/" + PROJECT + "?limit=2&order=-name&cursor=" + cursor);
    assertEquals(400, r.status(), r.text());
    assertEquals("invalid_argument", r.errorCode());
    assertTrue(r.text().contains("another order"), r.text());
    TestServer.Response same =
        t.get("/api/v1/runs/admin/" + PROJECT + "?limit=2&order=-id&cursor=" + cursor);
    assertEquals(200, same.status(), same.text());
    assertEquals("run7", same.json().get("runs").get(0).get("id").asText());
  }

  @Test
  void cursorsFromBeforeOrdersContinueTheDefaultOrder() throws Exception {
    JsonNode first = t.get("/api/v1/runs/admin/" + PROJECT + "?limit=3").json();
    String v2 = new String(
        Base64.getUrlDecoder().decode(first.get("nextCursor").asText()), StandardCharsets.UTF_8);
    JsonNode keys = new ObjectMapper().readTree(v2.substring("v2:".length())).get("k");
    String v1 = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("v1:" + keys.get(0).asLong() + ":" + keys.get(1).asLong())
            .getBytes(StandardCharsets.UTF_8));
    JsonNode next = t.get("/api/v1/runs/admin/" + PROJECT + "?limit=3&cursor=" + v1).json();
    assertEquals("run6", next.get("runs").get(0).get("id").asText());
    assertEquals(400, t.get("/api/v1/runs/admin/" + PROJECT + "?order=-id&cursor=" + v1).status(),
        "a v1 cursor knows only the default order");
  }
}
