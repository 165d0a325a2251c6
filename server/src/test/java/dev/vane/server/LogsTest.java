package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.store.Database;
import dev.vane.server.store.LogLine;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console records through ingest, and {@code GET .../logs}. */
class LogsTest {
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

  private static ConsoleLines lines(String... streamAndText) {
    List<ConsoleLine> out = new ArrayList<>();
    for (int i = 0; i < streamAndText.length; i += 2) {
      out.add(new ConsoleLine(streamAndText[i], 1795793230.5 + i, streamAndText[i + 1]));
    }
    return new ConsoleLines(out);
  }

  private static String logs(String project, String id) {
    return Endpoints.run("admin", project, id) + "/logs";
  }

  @Test
  void ingestedLinesComeBackInOrderAndRetriesAddNothing() {
    t.upsert(TestServer.runStart("logs-ingest", "r1"));
    byte[] first =
        TestServer.frames(
            1,
            TestServer.runRecord("logs-ingest", "r1"),
            lines("stdout", "epoch 1", "stderr", "warning: \u001b[33mslow\u001b[0m"),
            IngestTest.row(0, "loss", 1.0),
            lines("stdout", "100%|##########|"));
    assertEquals(200, t.ingest("logs-ingest", "r1", first).status());
    assertEquals(200, t.ingest("logs-ingest", "r1", first).status(), "a retry");
    byte[] second = TestServer.frames(5, lines("stdout", "done", "stderr", ""));
    assertEquals(200, t.ingest("logs-ingest", "r1", second).status());

    JsonNode page = t.get(logs("logs-ingest", "r1")).json();
    assertEquals(5, page.get("total").asLong());
    assertTrue(page.get("nextOffset").isNull());
    JsonNode l = page.get("lines");
    assertEquals(5, l.size());
    String[][] expected = {
      {"stdout", "epoch 1"},
      {"stderr", "warning: \u001b[33mslow\u001b[0m"},
      {"stdout", "100%|##########|"},
      {"stdout", "done"},
      {"stderr", ""}
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(i, l.get(i).get("line").asLong());
      assertEquals(expected[i][0], l.get(i).get("stream").asText());
      assertEquals(expected[i][1], l.get(i).get("text").asText());
    }
    assertEquals("2026-11-27T15:27:10.500Z", l.get(0).get("time").asText());

    JsonNode middle = t.get(logs("logs-ingest", "r1") + "?offset=1&limit=2").json();
    assertEquals(2, middle.get("lines").size());
    assertEquals(1, middle.get("lines").get(0).get("line").asLong());
    assertEquals(3, middle.get("nextOffset").asLong());
    JsonNode past = t.get(logs("logs-ingest", "r1") + "?offset=9").json();
    assertEquals(0, past.get("lines").size());
    assertEquals(5, past.get("total").asLong());
    assertTrue(past.get("nextOffset").isNull());
  }

  @Test
  void aRunWithoutConsoleHasNoLines() {
    t.upsert(TestServer.runStart("logs-empty", "r1"));
    JsonNode page = t.get(logs("logs-empty", "r1")).json();
    assertEquals(0, page.get("lines").size());
    assertEquals(0, page.get("total").asLong());
    assertTrue(page.get("nextOffset").isNull());
  }

  @Test
  void badParametersAreNamedAndUnknownRunsAreNotFound() {
    t.upsert(TestServer.runStart("logs-bad", "r1"));
    String url = logs("logs-bad", "r1");
    for (String[] bad :
        new String[][] {
          {"limit=0", "limit"}, {"limit=10001", "limit"}, {"limit=x", "limit"},
          {"offset=-1", "offset"}, {"offset=1.5", "offset"}
        }) {
      TestServer.Response r = t.get(url + "?" + bad[0]);
      assertEquals(400, r.status(), bad[0]);
      assertEquals("invalid_argument", r.errorCode(), bad[0]);
      assertTrue(r.json().toString().contains(bad[1]), r.text());
    }
    assertEquals(200, t.get(url + "?limit=10000").status());
    TestServer.Response missing = t.get(logs("logs-bad", "nope"));
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.errorCode());
  }

  @Test
  void anUnknownStreamRejectsTheBatch() {
    t.upsert(TestServer.runStart("logs-stream", "r1"));
    TestServer.Response r =
        t.ingest(
            "logs-stream",
            "r1",
            TestServer.frames(
                1, TestServer.runRecord("logs-stream", "r1"), lines("stdin", "what")));
    assertEquals(400, r.status(), r.text());
    assertEquals("invalid_record", r.errorCode());
    assertEquals(0, t.get(logs("logs-stream", "r1")).json().get("total").asLong());
  }

  @Test
  void linesAreDeletedWithTheRun() {
    t.upsert(TestServer.runStart("logs-delete", "r1"));
    t.ingest(
        "logs-delete",
        "r1",
        TestServer.frames(
            1, TestServer.runRecord("logs-delete", "r1"), lines("stdout", "a", "stdout", "b")));
    long pk;
    try (Database db = t.openDatabase()) {
      pk = db.read(s -> runOf(s, "logs-delete", "r1").pk());
      assertEquals(2L, (long) db.read(s -> s.logs().count(pk)));
    }
    assertEquals(204, t.delete(Endpoints.run("admin", "logs-delete", "r1")).status());
    assertEquals(404, t.get(logs("logs-delete", "r1")).status());
    try (Database db = t.openDatabase()) {
      assertEquals(0L, (long) db.read(s -> s.logs().count(pk)));
      assertEquals(List.of(), db.read(s -> s.logs().page(pk, 0, 10)));
    }
  }

  @Test
  void aMillionLinesPage() {
    t.upsert(TestServer.runStart("logs-million", "r1"));
    int total = 1_000_000;
    try (Database db = t.openDatabase()) {
      long pk = db.read(s -> runOf(s, "logs-million", "r1").pk());
      for (int from = 0; from < total; from += 100_000) {
        List<LogLine> chunk = new ArrayList<>(100_000);
        for (int i = from; i < from + 100_000; i++) {
          chunk.add(
              new LogLine(i, i % 7 == 0 ? "stderr" : "stdout", 1_795_793_230_000L + i, "line " + i));
        }
        db.write(
            s -> {
              s.logs().append(pk, chunk);
              return null;
            });
      }
      assertEquals((long) total, (long) db.read(s -> s.logs().count(pk)));
    }
    String url = logs("logs-million", "r1");
    JsonNode first = t.get(url + "?limit=10000").json();
    assertEquals(total, first.get("total").asLong());
    assertEquals(10_000, first.get("lines").size());
    assertEquals(10_000, first.get("nextOffset").asLong());
    checkLine(first.get("lines").get(0), 0);
    checkLine(first.get("lines").get(9_999), 9_999);

    JsonNode middle = t.get(url + "?offset=500000&limit=3").json();
    assertEquals(3, middle.get("lines").size());
    checkLine(middle.get("lines").get(0), 500_000);
    checkLine(middle.get("lines").get(2), 500_002);
    assertEquals(500_003, middle.get("nextOffset").asLong());

    JsonNode last = t.get(url + "?offset=999990").json();
    assertEquals(10, last.get("lines").size());
    checkLine(last.get("lines").get(9), 999_999);
    assertTrue(last.get("nextOffset").isNull());
  }

  private static void checkLine(JsonNode line, long n) {
    assertEquals(n, line.get("line").asLong());
    assertEquals("line " + n, line.get("text").asText());
    assertEquals(n % 7 == 0 ? "stderr" : "stdout", line.get("stream").asText());
  }

  private static Run runOf(dev.vane.server.store.Stores s, String project, String id) {
    Project p = s.projects().find("admin", project).orElseThrow();
    return s.runs().find(p.id(), id).orElseThrow();
  }
}
