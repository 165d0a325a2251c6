package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.wire.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampled endpoints and the streamed full history, through a real server. */
class SampledHistoryTest {
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

  /** Creates run {@code id} in the project and logs {@code steps} rows made by {@code values}. */
  private static void logRun(String project, String id, int steps, int perBatch, RowMaker values) {
    assertEquals(200, t.upsert(TestServer.runStart(project, id)).status());
    assertEquals(
        200,
        t.ingest(project, id, TestServer.frames(1, TestServer.runRecord(project, id))).status());
    long seq = 2;
    for (int from = 0; from < steps; from += perBatch) {
      List<RecordPayload> batch = new ArrayList<>();
      for (int s = from; s < Math.min(steps, from + perBatch); s++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_step", s);
        m.put("_runtime", s * 0.01);
        m.put("_timestamp", 1.7e9 + s * 0.01);
        values.fill(s, m);
        batch.add(new HistoryRow(m));
      }
      TestServer.Response r =
          t.ingest(project, id, TestServer.frames(seq, batch.toArray(RecordPayload[]::new)));
      assertEquals(200, r.status(), r.text());
      seq += batch.size();
    }
  }

  /** Fills a row's values. */
  private interface RowMaker {
    void fill(long step, Map<String, Object> row);
  }

  private static String sampledUrl(String project, String id) {
    return Endpoints.run("admin", project, id) + "/history/sampled";
  }

  @Test
  void sampledBucketsHaveThePinnedShapeAndExactSpikes() {
    logRun(
        "sm-spike",
        "r1",
        50_000,
        10_000,
        (s, m) -> {
          m.put("loss", s == 31_337 ? 99.0 : Math.exp(-s / 10_000.0));
          m.put("label", "x");
        });
    JsonNode body = t.get(sampledUrl("sm-spike", "r1") + "?key=loss&buckets=100").json();
    assertEquals("loss", body.get("key").asText());
    JsonNode buckets = body.get("buckets");
    assertEquals(100, buckets.size());
    List<String> fields = new ArrayList<>();
    buckets.get(0).fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("minStep", "maxStep", "count", "min", "max", "last", "lastStep"), fields);
    long total = 0;
    double max = 0;
    for (JsonNode b : buckets) {
      total += b.get("count").asLong();
      max = Math.max(max, b.get("max").asDouble());
    }
    assertEquals(50_000, total);
    assertEquals(99.0, max);
    JsonNode spike = buckets.get(31_337 / 500);
    assertEquals(99.0, spike.get("max").asDouble());
    assertEquals(Math.exp(-31_499 / 10_000.0), spike.get("last").asDouble());
    assertEquals(31_499, spike.get("lastStep").asLong());

    // the default is 1,000 buckets; a range of few points gives one bucket per point
    String url = sampledUrl("sm-spike", "r1");
    assertEquals(1000, t.get(url + "?key=loss").json().get("buckets").size());
    JsonNode few =
        t.get(sampledUrl("sm-spike", "r1") + "?key=loss&minStep=31330&maxStep=31340").json();
    assertEquals(11, few.get("buckets").size());
    assertEquals(99.0, few.get("buckets").get(7).get("min").asDouble());
    assertEquals(31_337, few.get("buckets").get(7).get("minStep").asLong());

    // non-numeric and unknown keys have no buckets
    assertEquals(0, t.get(url + "?key=label").json().get("buckets").size());
    assertEquals(0, t.get(url + "?key=nope").json().get("buckets").size());
  }

  @Test
  void badParametersAreNamed() {
    logRun("sm-bad", "r1", 10, 10, (s, m) -> m.put("x", s));
    String url = sampledUrl("sm-bad", "r1");
    for (String[] c :
        new String[][] {
          {"?buckets=10", "key"},
          {"?key=x&buckets=0", "buckets"},
          {"?key=x&buckets=10001", "buckets"},
          {"?key=x&buckets=abc", "buckets"},
          {"?key=x&minStep=-1", "minStep"},
          {"?key=x&maxStep=z", "maxStep"},
          {"?key=x&minStep=5&maxStep=4", "minStep"}
        }) {
      TestServer.Response r = t.get(url + c[0]);
      assertEquals(400, r.status(), c[0]);
      assertEquals("invalid_argument", r.errorCode(), c[0]);
      assertTrue(r.json().get("error").get("message").asText().contains(c[1]), r.text());
    }
    String many = "/api/v1/runs/admin/sm-bad/sampled";
    assertTrue(t.get(many + "?runs=r1").text().contains("keys"));
    assertTrue(t.get(many + "?keys=x").text().contains("runs"));
    assertEquals("invalid_id", t.get(many + "?keys=x&runs=a:b").errorCode());
    TestServer.Response tooMany = t.get(many + "?keys=a,b,c,d,e&runs=r1,r2,r3,r4,r5&buckets=10000");
    assertEquals("invalid_argument", tooMany.errorCode());
    assertTrue(tooMany.text().contains("buckets"), tooMany.text());
    assertEquals(404, t.get(sampledUrl("sm-bad", "nope") + "?key=x").status());
    assertEquals(404, t.get("/api/v1/runs/admin/no-project/sampled?keys=x&runs=r1").status());
    // the run "sampled" route does not hide other runs
    assertEquals(200, t.get(Endpoints.run("admin", "sm-bad", "r1")).status());
  }

  @Test
  void severalRunsAndKeysInOneRequest() {
    logRun("sm-many", "a", 3000, 3000, (s, m) -> m.put("loss", 1.0 * s));
    logRun("sm-many", "b", 20, 20, (s, m) -> {
      m.put("loss", -1.0 * s);
      m.put("acc", s % 2 == 0 ? Double.NaN : 0.5);
    });
    JsonNode series =
        t.get("/api/v1/runs/admin/sm-many/sampled?keys=loss,acc&runs=a,gone,b&buckets=10")
            .json()
            .get("series");
    assertEquals(4, series.size(), "unknown runs are left out");
    assertEquals("a", series.get(0).get("run").asText());
    assertEquals("loss", series.get(0).get("key").asText());
    assertEquals(10, series.get(0).get("buckets").size());
    assertEquals(2999.0, series.get(0).get("buckets").get(9).get("max").asDouble());
    assertEquals(0, series.get(1).get("buckets").size(), "run a has no acc");
    assertEquals("b", series.get(2).get("run").asText());
    JsonNode bLoss = series.get(2).get("buckets");
    assertEquals(10, bLoss.size());
    assertEquals(-19.0, bLoss.get(9).get("min").asDouble());
    JsonNode acc = series.get(3).get("buckets");
    assertEquals(10, acc.size());
    assertEquals(0.5, acc.get(0).get("max").asDouble());
    assertEquals(0.5, acc.get(0).get("last").asDouble());
  }

  @Test
  void allNaNBucketsSayNaN() {
    logRun("sm-nan", "r1", 3, 3, (s, m) -> m.put("x", Double.NaN));
    JsonNode b = t.get(sampledUrl("sm-nan", "r1") + "?key=x").json().get("buckets");
    assertEquals(3, b.size());
    assertEquals("NaN", b.get(0).get("min").asText());
    assertEquals("NaN", b.get(0).get("last").asText());
  }

  @Test
  void aMillionPointsStreamBackInFull() throws IOException {
    int steps = 250_000; // x (_step, _runtime, _timestamp, loss) = 1 M points
    logRun("sm-big", "r1", steps, 25_000, (s, m) -> m.put("loss", 1.0 / (s + 1)));
    assertEquals(steps, t.run("sm-big", "r1").get("historyLength").asLong());
    HttpResponse<InputStream> r;
    try {
      r =
          t.http.send(
              t.request(Endpoints.run("admin", "sm-big", "r1") + "/history", t.adminKey)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertEquals(200, r.statusCode());
    assertFalse(
        r.headers().firstValue("content-length").isPresent(),
        "streamed (chunked), not built in memory");
    long rows = 0;
    long expected = 0;
    try (InputStream in = r.body();
        JsonParser p = TestServer.STRICT.getFactory().createParser(in)) {
      JsonToken tok;
      while ((tok = p.nextToken()) != null) {
        if (tok == JsonToken.FIELD_NAME && p.currentName().equals("_step")) {
          p.nextToken();
          assertEquals(expected++, p.getLongValue());
          rows++;
        } else if (tok == JsonToken.FIELD_NAME && p.currentName().equals("loss")) {
          p.nextToken();
          assertEquals(1.0 / expected, p.getDoubleValue());
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    assertEquals(steps, rows);
  }

  @Test
  void aDeletedRunsHistoryIsGone() {
    logRun("sm-del", "r1", 100, 100, (s, m) -> m.put("x", s));
    assertEquals(204, t.delete(Endpoints.run("admin", "sm-del", "r1")).status());
    assertEquals(404, t.get(sampledUrl("sm-del", "r1") + "?key=x").status());
    assertEquals(
        0,
        t.get("/api/v1/runs/admin/sm-del/sampled?keys=x&runs=r1").json().get("series").size());
  }
}
