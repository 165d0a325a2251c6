package dev.vane;

import static dev.vane.TestSupport.only;
import static dev.vane.TestSupport.records;
import static dev.vane.TestSupport.runLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Run#defineMetric}: summary aggregates, globs, replacement, step sync, offline runs. */
class DefineMetricTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();

  private Run offline() {
    return TestSupport.start(RunOptions.builder().mode("offline").dir(tmp).project("p").build(),
        Map.of(), terminal);
  }

  private static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  private static List<RecordPayload> recordsOf(Run run) {
    return records(runLog(run.dir()));
  }

  @Test
  void eachAggregateIsKeptInTheSummaryTheLogAndTheSummaryFile() throws IOException {
    Run run = offline();
    run.defineMetric("loss").summary("min", "max", "mean", "first", "last");
    for (double v : new double[] {0.5, 0.9, 0.03, 0.2}) {
      run.log(Map.of("loss", v));
    }
    Map<String, Object> expected = m("min", 0.03, "max", 0.9, "mean", (0.5 + 0.9 + 0.03 + 0.2) / 4,
        "first", 0.5, "last", 0.2);
    assertEquals(expected, run.summary().get("loss"));
    assertEquals(List.of("min", "max", "mean", "first", "last"),
        List.copyOf(((Map<?, ?>) run.summary().get("loss")).keySet()), "order as given");
    run.finish();

    List<RecordPayload> recs = recordsOf(run);
    assertEquals(List.of(new MetricDefinition("loss", null,
        List.of("min", "max", "mean", "first", "last"), false)),
        only(recs, MetricDefinition.class));
    List<SummaryUpdate> updates = only(recs, SummaryUpdate.class);
    assertEquals(4, updates.size(), "one update per row: " + updates);
    assertEquals(Map.of("loss", expected), updates.get(3).values());
    // Each update follows the row it summarises.
    for (int i = 0; i < recs.size(); i++) {
      if (recs.get(i) instanceof SummaryUpdate) {
        assertTrue(recs.get(i - 1) instanceof HistoryRow, recs.toString());
      }
    }
    JsonNode file = VaneJson.records().readTree(run.dir().resolve("files/vane-summary.json")
        .toFile());
    assertEquals(0.03, file.get("loss").get("min").asDouble());
    assertEquals(0.9, file.get("loss").get("max").asDouble());
    assertEquals(0.2, file.get("loss").get("last").asDouble());
    String text = terminal.text();
    assertTrue(text.contains("vane: Run summary:\n"
        + "vane: loss.first 0.5\n"
        + "vane:  loss.last 0.2\n"
        + "vane:   loss.max 0.9\n"
        + "vane:  loss.mean 0.4075\n"
        + "vane:   loss.min 0.03\n"), text);
  }

  @Test
  void eachAggregateAlone() {
    Run run = offline();
    run.defineMetric("a").summary("min");
    run.defineMetric("b").summary("max");
    run.defineMetric("c").summary("mean");
    run.defineMetric("d").summary("first");
    run.defineMetric("e").summary("last");
    run.defineMetric("f").summary("none");
    for (int i = 1; i <= 4; i++) {
      double v = i % 2 == 0 ? i : -i;
      run.log(m("a", v, "b", v, "c", v, "d", v, "e", v, "f", v, "g", v));
    }
    Map<String, Object> s = run.summary().asMap();
    assertEquals(Map.of("min", -3.0), s.get("a"));
    assertEquals(Map.of("max", 4.0), s.get("b"));
    assertEquals(Map.of("mean", 0.5), s.get("c"));
    assertEquals(Map.of("first", -1.0), s.get("d"));
    assertEquals(Map.of("last", 4.0), s.get("e"));
    assertFalse(s.containsKey("f"), "none: no summary");
    assertEquals(4.0, s.get("g"), "no definition: last value");
    run.finish();
    assertTrue(terminal.text().contains(" g 4\n"), terminal.text());
    assertFalse(terminal.text().contains(" f 4\n"), terminal.text());
  }

  @Test
  void integersStayIntegersAndNonNumbersHaveOnlyFirstAndLast() {
    Run run = offline();
    run.defineMetric("n").summary("min", "max", "mean");
    run.defineMetric("s").summary("min", "first", "last");
    run.log(Map.of("n", 3, "s", "a"));
    run.log(Map.of("n", 7L, "s", "b"));
    assertEquals(m("min", 3L, "max", 7L, "mean", 5.0), run.summary().get("n"));
    assertEquals(m("first", "a", "last", "b"), run.summary().get("s"));
    run.log(Map.of("n", 0.5));
    assertEquals(m("min", 0.5, "max", 7.0, "mean", 3.5), run.summary().get("n"));
    run.finish();
  }

  @Test
  void nanSticksToMinMaxAndMeanAsInWandb() {
    Run run = offline();
    run.defineMetric("loss").summary("min", "max", "mean", "last");
    run.log(Map.of("loss", 1.0));
    run.log(Map.of("loss", Double.NaN));
    run.log(Map.of("loss", 0.5));
    Map<?, ?> s = (Map<?, ?>) run.summary().get("loss");
    assertTrue(Double.isNaN((Double) s.get("min")), s.toString());
    assertTrue(Double.isNaN((Double) s.get("max")), s.toString());
    assertTrue(Double.isNaN((Double) s.get("mean")), s.toString());
    assertEquals(0.5, s.get("last"));
    run.defineMetric("inf").summary("max");
    run.log(Map.of("inf", Double.POSITIVE_INFINITY));
    assertEquals(Map.of("max", Double.POSITIVE_INFINITY), run.summary().get("inf"));
    run.finish();
    assertTrue(terminal.text().contains("loss.min NaN"), terminal.text());
  }

  @Test
  void globsApplyToKeysWithTheirPrefixAndExactNamesWin() {
    Run run = offline();
    run.defineMetric("val/*").summary("max");
    run.defineMetric("val/loss").summary("min");
    run.log(m("val/acc", 0.5, "val/loss", 0.4, "train/acc", 0.1));
    run.log(m("val/acc", 0.7, "val/loss", 0.2, "train/acc", 0.3));
    assertEquals(Map.of("max", 0.7), run.summary().get("val/acc"));
    assertEquals(Map.of("min", 0.2), run.summary().get("val/loss"));
    assertEquals(0.3, run.summary().get("train/acc"));
    // The most recent matching glob wins over older ones.
    run.defineMetric("*").summary("last");
    run.log(m("val/acc", 0.6, "train/acc", 0.2));
    assertEquals(Map.of("last", 0.6), run.summary().get("val/acc"));
    assertEquals(Map.of("last", 0.2), run.summary().get("train/acc"));
    assertEquals(Map.of("min", 0.2), run.summary().get("val/loss"));
    run.finish();
  }

  @Test
  void aLaterDefinitionReplacesTheEarlierAndAppliesToValuesLoggedBefore() {
    Run run = offline();
    run.log(Map.of("loss", 0.5));
    run.log(Map.of("loss", 0.2));
    run.log(Map.of("loss", 0.3));
    assertEquals(0.3, run.summary().get("loss"));
    run.defineMetric("loss").summary("min");
    assertEquals(Map.of("min", 0.2), run.summary().get("loss"), "earlier values count");
    run.defineMetric("loss").summary("max");
    assertEquals(Map.of("max", 0.5), run.summary().get("loss"));
    run.defineMetric("loss").summary("none");
    assertNull(run.summary().get("loss"));
    run.defineMetric("loss");
    assertEquals(0.3, run.summary().get("loss"), "no aggregates: the last value again");
    run.finish();

    List<RecordPayload> recs = recordsOf(run);
    assertEquals(List.of(List.of("min"), List.of("max"), List.of("none"), List.of()),
        only(recs, MetricDefinition.class).stream().map(MetricDefinition::summary).toList());
    List<SummaryUpdate> updates = only(recs, SummaryUpdate.class);
    assertEquals(List.of(
        new SummaryUpdate(Map.of("loss", Map.of("min", 0.2)), List.of()),
        new SummaryUpdate(Map.of("loss", Map.of("max", 0.5)), List.of()),
        new SummaryUpdate(Map.of(), List.of("loss")),
        new SummaryUpdate(Map.of("loss", 0.3), List.of())), updates);
  }

  @Test
  void aChainOfChangesIsRecordedAsOneDefinition() {
    Run run = offline();
    Metric loss = run.defineMetric("loss").summary("min,max").stepMetric("epoch").hidden(true);
    assertEquals(List.of("min", "max"), loss.summary());
    assertEquals("epoch", loss.stepMetric());
    assertTrue(loss.hidden());
    assertTrue(loss.stepSync());
    run.finish();
    List<MetricDefinition> defs = only(recordsOf(run), MetricDefinition.class);
    assertEquals(List.of(new MetricDefinition("loss", "epoch", List.of("min", "max"), true)),
        defs);
  }

  @Test
  void summaryUpdatesAreWrittenOncePerRowAndOnlyWhenAnAggregateChanges() {
    Run run = offline();
    run.defineMetric("a").summary("min");
    run.defineMetric("b").summary("min");
    run.log(m("a", 1.0, "b", 1.0));  // both new
    run.log(m("a", 2.0, "b", 0.5));  // b changed
    run.log(m("a", 3.0, "b", 0.7));  // no change
    run.log(Map.of("a", 0.5), false); // not written yet
    run.log(Map.of("a", 0.1), false);
    run.log(Map.of("b", 0.1));        // one row: both changed
    run.finish();
    List<SummaryUpdate> updates = only(recordsOf(run), SummaryUpdate.class);
    assertEquals(List.of(
        new SummaryUpdate(m("a", Map.of("min", 1.0), "b", Map.of("min", 1.0)), List.of()),
        new SummaryUpdate(m("b", Map.of("min", 0.5)), List.of()),
        new SummaryUpdate(m("a", Map.of("min", 0.1), "b", Map.of("min", 0.1)), List.of())),
        updates);
  }

  @Test
  void anExplicitSummaryValueHoldsUntilTheNextRow() {
    Run run = offline();
    run.defineMetric("loss").summary("min");
    run.log(Map.of("loss", 0.5));
    run.summary().put("loss", "overridden");
    assertEquals("overridden", run.summary().get("loss"));
    run.log(Map.of("loss", 0.9)); // min unchanged, but the override is replaced
    assertEquals(Map.of("min", 0.5), run.summary().get("loss"));
    run.finish();
  }

  @Test
  void stepSyncFillsInTheLastValueOfTheStepMetric() {
    Run run = offline();
    run.defineMetric("epoch");
    run.defineMetric("val/*").stepMetric("epoch");
    run.defineMetric("train_loss").stepMetric("epoch").stepSync(false);
    run.log(Map.of("val/acc", 0.1));                 // no epoch logged yet: nothing to fill in
    run.log(Map.of("epoch", 1));
    run.log(Map.of("val/acc", 0.5));                 // epoch 1 filled in
    run.log(m("val/acc", 0.6, "epoch", 2));          // has its own epoch
    run.log(Map.of("train_loss", 0.3));              // step sync off
    run.log(Map.of("epoch", 3), false);
    run.log(Map.of("val/acc", 0.7));                 // epoch 3 already in the pending row
    run.finish();
    List<Map<String, Object>> rows = only(recordsOf(run), HistoryRow.class).stream()
        .map(HistoryRow::values).toList();
    assertFalse(rows.get(0).containsKey("epoch"));
    assertEquals(1, rows.get(2).get("epoch"));
    assertEquals(List.of("val/acc", "epoch", "_step", "_runtime", "_timestamp"),
        List.copyOf(rows.get(2).keySet()));
    assertEquals(2, rows.get(3).get("epoch"));
    assertFalse(rows.get(4).containsKey("epoch"));
    assertEquals(3, rows.get(5).get("epoch"));
    assertEquals(6, rows.size());
    assertEquals(3L, run.summary().get("epoch"), "filled-in values are not logged values");
  }

  @Test
  void stepSyncedCopiesDoNotCountInTheStepMetricsAggregates() {
    Run run = offline();
    run.defineMetric("epoch").summary("mean");
    run.defineMetric("acc").stepMetric("epoch");
    run.log(Map.of("epoch", 1));
    run.log(Map.of("epoch", 3));
    run.log(Map.of("acc", 0.5));
    run.log(Map.of("acc", 0.6));
    assertEquals(Map.of("mean", 2.0), run.summary().get("epoch"));
    run.finish();
  }

  @Test
  void invalidArgumentsAreRefusedNamingTheArgument() {
    Run run = offline();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> run.defineMetric(""))
        .getMessage().startsWith("name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> run.defineMetric(null))
        .getMessage().startsWith("name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> run.defineMetric("a*b"))
        .getMessage().startsWith("name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> run.defineMetric("*a*"))
        .getMessage().startsWith("name"));
    Metric loss = run.defineMetric("loss");
    String m = assertThrows(IllegalArgumentException.class, () -> loss.summary("min", "avg"))
        .getMessage();
    assertTrue(m.startsWith("summary") && m.contains("avg"), m);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.summary("none", "min"))
        .getMessage().startsWith("summary"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.summary((String) null))
        .getMessage().startsWith("summary"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.stepMetric(""))
        .getMessage().startsWith("stepMetric"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.stepMetric("e*"))
        .getMessage().startsWith("stepMetric"));
    assertEquals(List.of(), loss.summary(), "a refused change changes nothing");
    run.finish();
    assertEquals(1, only(recordsOf(run), MetricDefinition.class).size());
  }

  @Test
  void definitionsAfterFinishAreIgnoredWithAWarning() {
    Run run = offline();
    run.finish();
    run.defineMetric("loss").summary("min");
    assertTrue(terminal.text().contains("defineMetric: run " + run.id() + " is finished"),
        terminal.text());
    assertTrue(only(recordsOf(run), MetricDefinition.class).isEmpty());
  }

  @Test
  void disabledRunsCheckArgumentsAndRecordNothing() {
    Run run = TestSupport.start(RunOptions.builder().mode("disabled").project("p").build(),
        Map.of(), terminal);
    Metric loss = run.defineMetric("loss").summary("min");
    assertEquals(List.of("min"), loss.summary());
    assertThrows(IllegalArgumentException.class, () -> loss.summary("avg"));
    run.finish();
    assertEquals("", terminal.text());
  }
}
