package dev.vane;

import static dev.vane.TestSupport.only;
import static dev.vane.TestSupport.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An offline run end to end: directory, run log, files and terminal output. */
class OfflineRunTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();

  private RunOptions.Builder offline() {
    return RunOptions.builder().mode("offline").dir(tmp).entity("nico")
        .project("awesome-project");
  }

  @Test
  void documentExampleRunEndToEnd() throws IOException {
    Run run = TestSupport.start(offline().config(Map.of("learning_rate", 0.01, "epochs", 10))
        .tags("baseline").notes("first try").build(), Map.of(), terminal);
    double[] acc = new double[10];
    double[] loss = new double[10];
    for (int epoch = 0; epoch < 10; epoch++) {
      acc[epoch] = 1 - Math.pow(2, -epoch) - 0.05;
      loss[epoch] = Math.pow(2, -epoch) + 0.05;
      run.log(Map.of("accuracy", acc[epoch], "loss", loss[epoch]));
    }
    run.finish();

    // Directory layout
    Path dir = run.dir();
    assertEquals(tmp.resolve("vane"), dir.getParent());
    assertTrue(dir.getFileName().toString()
        .matches("offline-run-\\d{8}_\\d{6}-" + run.id()), dir.toString());
    assertTrue(Files.isRegularFile(dir.resolve("run-" + run.id() + ".vane")));
    assertTrue(Files.isRegularFile(dir.resolve("files/config.json")));
    assertTrue(Files.isRegularFile(dir.resolve("files/vane-summary.json")));
    assertTrue(Files.isRegularFile(dir.resolve("files/vane-metadata.json")));
    assertTrue(Files.isRegularFile(dir.resolve("logs/debug.log")));
    Path latest = tmp.resolve("vane/latest-run");
    assertTrue(Files.isSymbolicLink(latest));
    assertEquals(dir.toRealPath(), latest.toRealPath());

    // Run log
    List<RecordPayload> recs = records(dir.resolve("run-" + run.id() + ".vane"));
    RunStart start = assertInstanceOf(RunStart.class, recs.get(0));
    assertEquals(run.id(), start.id());
    assertEquals("nico", start.entity());
    assertEquals("awesome-project", start.project());
    assertEquals("offline", start.mode());
    assertEquals(List.of("baseline"), start.tags());
    assertEquals("first try", start.notes());
    assertEquals(0.01, start.config().get("learning_rate"));
    assertTrue(start.writer().matches("[0-9a-f-]{36}"), start.writer());
    List<HistoryRow> rows = only(recs, HistoryRow.class);
    assertEquals(10, rows.size());
    for (int i = 0; i < 10; i++) {
      HistoryRow row = rows.get(i);
      assertEquals(i, row.step());
      assertEquals(acc[i], row.values().get("accuracy"));
      assertEquals(loss[i], row.values().get("loss"));
      double runtime = ((Number) row.values().get("_runtime")).doubleValue();
      double ts = ((Number) row.values().get("_timestamp")).doubleValue();
      assertTrue(runtime >= 0 && runtime < 60, "runtime " + runtime);
      assertTrue(Math.abs(ts - System.currentTimeMillis() / 1000.0) < 60, "timestamp " + ts);
      assertTrue(ts >= start.startTime());
    }
    RunExit exit = assertInstanceOf(RunExit.class, recs.get(recs.size() - 1));
    assertEquals(0, exit.exitCode());
    assertNull(exit.error());
    assertTrue(exit.runtime() >= 0);

    // Files
    JsonNode config = VaneJson.api().readTree(dir.resolve("files/config.json").toFile());
    assertEquals(0.01, config.get("learning_rate").asDouble());
    assertEquals(10, config.get("epochs").asInt());
    JsonNode summary = VaneJson.api().readTree(dir.resolve("files/vane-summary.json").toFile());
    assertEquals(acc[9], summary.get("accuracy").asDouble());
    assertEquals(loss[9], summary.get("loss").asDouble());
    JsonNode meta = VaneJson.api().readTree(dir.resolve("files/vane-metadata.json").toFile());
    assertEquals(System.getProperty("java.version"), meta.get("java").asText());
    assertTrue(meta.has("os") && meta.has("host") && meta.has("vane") && meta.has("startedAt"));

    // Terminal
    List<String> lines = terminal.lines();
    for (String line : lines) {
      assertTrue(line.startsWith("vane: "), "unprefixed line: " + line);
    }
    String text = terminal.text();
    assertTrue(text.contains("vane: Run data is saved locally in "), text);
    assertTrue(text.contains("vane: Run history:\n"), text);
    assertTrue(text.contains("vane: accuracy ▁▅▆▇██████\n"), text);
    assertTrue(text.contains("vane:     loss █▄▃▂▁▁▁▁▁▁\n"), text);
    assertTrue(text.contains("vane: Run summary:\n"
        + "vane: accuracy 0.94805\n"
        + "vane:     loss 0.051953\n"), text);
    assertTrue(text.contains("vane: You can sync this run to the cloud by running:\n"
        + "vane: vane sync "), text);
    assertTrue(text.contains(dir.getFileName().toString() + "\n"), text);
    assertTrue(text.contains("vane: Find logs at: " + dir.resolve("logs") + "\n"), text);
    assertFalse(text.contains("View run"), "offline prints no URL");
    assertNull(run.url());
    assertEquals("nico/awesome-project/" + run.id(), run.path());
    assertEquals(run.id(), run.name());
  }

  @Test
  void stepRules() {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    run.log(Map.of("a", 1));                 // step 0, committed
    run.log(Map.of("b", 2), false);          // step 1, pending
    run.log(Map.of("c", 3));                 // step 1 merged with b, committed
    run.log(Map.of("d", 4), 5);              // step 5, pending (explicit step)
    run.log(Map.of("e", 5), 5);              // merged into step 5
    run.log(Map.of("late", 0), 3);           // lower: dropped with a warning
    run.log(Map.of("f", 6), 7);              // flushes step 5, step 7 pending
    run.log(Map.of("g", 7), 7, true);        // merged into 7, committed: next step 8
    run.log(Map.of("h", 8));                 // step 8
    run.log(Map.of("i", 9), 9);              // step 9 pending, flushed at finish
    run.finish();

    List<HistoryRow> rows = only(records(TestSupport.runLog(run.dir())), HistoryRow.class);
    List<Long> steps = rows.stream().map(HistoryRow::step).toList();
    assertEquals(List.of(0L, 1L, 5L, 7L, 8L, 9L), steps);
    assertEquals(Map.of("a", 1L), userKeys(rows.get(0)));
    assertEquals(Map.of("b", 2L, "c", 3L), userKeys(rows.get(1)));
    assertEquals(Map.of("d", 4L, "e", 5L), userKeys(rows.get(2)));
    assertEquals(Map.of("f", 6L, "g", 7L), userKeys(rows.get(3)));
    assertEquals(Map.of("h", 8L), userKeys(rows.get(4)));
    assertEquals(Map.of("i", 9L), userKeys(rows.get(5)));
    for (HistoryRow row : rows) {
      assertTrue(row.values().containsKey("_runtime") && row.values().containsKey("_timestamp"));
    }
    assertTrue(terminal.text().contains("vane: WARNING Tried to log to step 3 that is less than "
        + "the current step 5. Steps must be monotonically increasing, so this data will be "
        + "ignored."), terminal.text());
    assertNull(run.summary().get("late"), "dropped values do not reach the summary");
  }

  private static Map<String, Object> userKeys(HistoryRow row) {
    Map<String, Object> m = new LinkedHashMap<>();
    row.values().forEach((k, v) -> {
      if (!k.startsWith("_")) {
        m.put(k, v instanceof Integer i ? (Object) i.longValue() : v);
      }
    });
    return m;
  }

  @Test
  void valuesAreFlattenedAndBadOnesWarnedAboutOnce() {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("train", Map.of("loss", 0.5, "acc", 0.9f));
    values.put("nan", Double.NaN);
    values.put("inf", Double.NEGATIVE_INFINITY);
    values.put("flag", true);
    values.put("label", "cat");
    values.put("weights", List.of(1, 2));
    values.put(null, 3);
    run.log(values);
    run.log(values);
    run.log(null);
    run.finish();

    List<HistoryRow> rows = only(records(TestSupport.runLog(run.dir())), HistoryRow.class);
    assertEquals(2, rows.size());
    Map<String, Object> row = rows.get(0).values();
    assertEquals(0.5, row.get("train.loss"));
    assertEquals(0.9, row.get("train.acc"));
    assertTrue(Double.isNaN(((Number) row.get("nan")).doubleValue()));
    assertEquals(Double.NEGATIVE_INFINITY, ((Number) row.get("inf")).doubleValue());
    assertEquals(true, row.get("flag"));
    assertEquals("cat", row.get("label"));
    assertFalse(row.containsKey("weights"));
    String text = terminal.text();
    assertEquals(1, count(text, "'weights'"), text);
    assertTrue(text.contains("java.util"), text);
    assertEquals(1, count(text, "null key"), text);
    assertEquals(1, count(text, "null map"), text);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void summaryIsTheLastLoggedValueUnlessSet() throws IOException {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    run.log(Map.of("loss", 0.9, "acc", 0.1));
    run.log(Map.of("loss", 0.5, "acc", 0.2));
    run.summary().put("best_acc", 0.2);
    run.summary().put("acc", 0.99);
    assertEquals(0.99, run.summary().get("acc"));
    assertEquals(0.5, run.summary().get("loss"));
    run.log(Map.of("loss", 0.4));
    run.summary().remove("loss");
    run.summary().putAll(Map.of("nested", Map.of("x", 1)));
    run.finish();

    Map<String, Object> expected = Map.of("acc", 0.99, "best_acc", 0.2, "nested.x", 1L);
    assertEquals(expected, run.summary().asMap());
    List<SummaryUpdate> updates =
        only(records(TestSupport.runLog(run.dir())), SummaryUpdate.class);
    assertEquals(4, updates.size());
    assertEquals(List.of("loss"), updates.get(2).removed());
    JsonNode file = VaneJson.api().readTree(run.dir().resolve("files/vane-summary.json").toFile());
    assertEquals(0.99, file.get("acc").asDouble());
    assertFalse(file.has("loss"));
    String text = terminal.text();
    assertTrue(text.contains("vane: Run summary:\nvane:      acc 0.99\nvane: best_acc 0.2\n"
        + "vane: nested.x 1\n"), text);
  }

  @Test
  void configCanChangeDuringTheRun() throws IOException {
    Run run = TestSupport.start(offline().config(Map.of("lr", 0.1)).build(), Map.of(), terminal);
    run.config().put("batch_size", 64);
    run.config().putAll(Map.of("lr", 0.05, "optimizer", Map.of("name", "adam")));
    run.config().put("bad", new Object());
    assertEquals(Map.of("lr", 0.05, "batch_size", 64L, "optimizer", Map.of("name", "adam")),
        run.config().asMap());
    JsonNode file = VaneJson.api().readTree(run.dir().resolve("files/config.json").toFile());
    assertEquals(0.05, file.get("lr").asDouble());
    assertEquals(64, file.get("batch_size").asInt());
    assertEquals("adam", file.get("optimizer").get("name").asText());
    run.finish();
    List<ConfigUpdate> updates = only(records(TestSupport.runLog(run.dir())), ConfigUpdate.class);
    assertEquals(2, updates.size());
    assertEquals(Map.of("batch_size", 64), updates.get(0).values());
    assertTrue(terminal.text().contains("config.bad"), terminal.text());
  }

  @Test
  void finishIsIdempotentAndLateLogsAreIgnored() {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    run.log(Map.of("x", 1));
    run.finish(3);
    run.finish();
    run.close();
    run.log(Map.of("x", 2));
    List<RecordPayload> recs = records(TestSupport.runLog(run.dir()));
    assertEquals(1, only(recs, RunExit.class).size());
    assertEquals(3, only(recs, RunExit.class).get(0).exitCode());
    assertEquals(1, only(recs, HistoryRow.class).size());
    assertEquals(1, count(terminal.text(), "Run summary:"));
    assertTrue(terminal.text().contains("ignoring values logged after finish()"));
  }

  @Test
  void silentSettingSilencesEverything() {
    Run run = TestSupport.start(offline().build(), Map.of("VANE_SILENT", "true"), terminal);
    run.log(Map.of("x", 1, "bad", new Object()));
    run.finish();
    assertEquals("", terminal.text());
    assertTrue(Files.isRegularFile(run.dir().resolve("files/vane-summary.json")));
  }

  @Test
  void silentOptionInCodeWinsOverTheEnvironment() {
    Run run = TestSupport.start(offline().silent(false).build(), Map.of("VANE_SILENT", "true"),
        terminal);
    run.finish();
    assertTrue(terminal.text().contains("vane: Find logs at:"));
  }

  @Test
  void manyStepsKeepSparklinesShort() {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    for (int i = 0; i < 10_000; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1), "label", "x"));
    }
    run.finish();
    String line = terminal.lines().stream().filter(l -> l.startsWith("vane: loss "))
        .findFirst().orElseThrow();
    String spark = line.substring("vane: loss ".length()).strip();
    assertTrue(spark.length() <= 40 && spark.length() >= 30, line);
    assertTrue(spark.startsWith("█") && spark.endsWith("▁"), line);
    assertFalse(terminal.text().contains("vane: label ▁"), "strings get no sparkline");
    assertTrue(terminal.text().contains("vane: label x"), "but are in the summary");
  }

  @Test
  void twoRunsInTheSameSecondWithTheSameIdGetTwoDirectories() {
    Run a = TestSupport.start(offline().id("same").build(), Map.of(), terminal);
    Run b = TestSupport.start(offline().id("same").build(), Map.of(), terminal);
    a.finish();
    b.finish();
    assertFalse(a.dir().equals(b.dir()));
    assertEquals(tmp.resolve("vane/latest-run").toAbsolutePath().getParent(), b.dir().getParent());
  }

  @Test
  void aRecordTooLargeForTheLogIsAWarningAndTheRunGoesOn() {
    Run run = TestSupport.start(offline().build(), Map.of(), terminal);
    run.log(Map.of("huge", "x".repeat(17 * 1024 * 1024)));
    run.log(Map.of("loss", 0.5));
    run.finish();
    List<HistoryRow> rows = only(records(TestSupport.runLog(run.dir())), HistoryRow.class);
    assertEquals(1, rows.size());
    assertEquals(0.5, rows.get(0).values().get("loss"));
    assertEquals(1L, rows.get(0).step());
    assertTrue(terminal.text().contains("vane: WARNING cannot record a HISTORY record"),
        terminal.text());
  }
}
