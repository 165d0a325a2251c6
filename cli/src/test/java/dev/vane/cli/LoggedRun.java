package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.TrainingRows;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.LogEnd;
import dev.vane.protocol.log.RunLogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a run log on disk holds, read with the protocol's own reader: the truth the fault suites
 * hold the server to. Only the valid prefix counts (a SIGKILL can tear the last frame).
 *
 * @param records the number of valid records (the last valid sequence number)
 * @param hasRunRecord whether the first record, the run's identity, is there (without it there is
 *     nothing {@code vane sync} could upload)
 * @param history the history rows in log order
 * @param summary the summary the records imply: each key's last logged value, then explicit
 *     summary updates
 * @param exit the exit record, or {@code null} when the program died before writing one
 * @param end how the read ended (clean, or torn at the kill)
 */
record LoggedRun(long records, boolean hasRunRecord, List<Map<String, Object>> history,
    Map<String, Object> summary, RunExit exit, LogEnd end) {

  /** Nothing on disk: the program died before its run log got its first record. */
  static final LoggedRun NOTHING = new LoggedRun(0, false, List.of(), Map.of(), null, null);

  /** Reads a run log; a missing or empty file is {@link #NOTHING}. */
  static LoggedRun read(Path log) throws IOException {
    if (log == null || !Files.isRegularFile(log)) {
      return NOTHING;
    }
    List<Map<String, Object>> history = new ArrayList<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    RunExit exit = null;
    boolean hasRun = false;
    try (RunLogReader reader = RunLogReader.open(log)) {
      for (Frame f; (f = reader.next()) != null; ) {
        RecordPayload p = f.decode();
        if (f.seq() == 1) {
          hasRun = p instanceof RunStart;
        }
        if (p instanceof HistoryRow row) {
          history.add(row.values());
          row.values().forEach((k, v) -> {
            if (!k.startsWith("_")) {
              summary.put(k, v);
            }
          });
        } else if (p instanceof SummaryUpdate s) {
          summary.putAll(s.values());
          s.removed().forEach(summary::remove);
        } else if (p instanceof RunExit e) {
          exit = e;
        }
      }
      return new LoggedRun(reader.lastSeq(), hasRun, history, summary, exit, reader.end());
    }
  }

  /**
   * The run log of run {@code id} under {@code vaneDir} (the program's {@code VANE_DIR}), or
   * {@code null} when the program died before creating its run directory or log.
   */
  static Path find(Path vaneDir, String id) throws IOException {
    Path runs = vaneDir.resolve("vane");
    if (!Files.isDirectory(runs)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(runs)) {
      Iterator<Path> it = dirs.filter(d -> d.getFileName().toString().endsWith("-" + id)
          && !Files.isSymbolicLink(d)).iterator();
      if (!it.hasNext()) {
        return null;
      }
      Path log = it.next().resolve("run-" + id + ".vane");
      return Files.isRegularFile(log) ? log : null;
    }
  }

  /**
   * Asserts that the server's history rows are exactly the first {@code rows.size()} rows of this
   * log, in order, every value equal (doubles bit for bit), no key added, and each the value
   * {@link TrainingRows#row} gives for its step: no gap, no duplicate, nothing altered.
   */
  void assertServerHistoryIsPrefix(JsonNode rows, String context) {
    assertTrue(rows.size() <= history.size(),
        context + ": the server has " + rows.size() + " rows, more than the "
            + history.size() + " in the run log");
    for (int n = 0; n < rows.size(); n++) {
      Map<String, Object> logged = history.get(n);
      JsonNode row = rows.get(n);
      String where = context + ", row " + n + " " + row;
      assertEquals(n, ((Number) logged.get(HistoryRow.STEP)).longValue(),
          context + ": the run log's steps run 0, 1, 2, ...");
      assertEquals(logged.keySet(), keys(row), where + ": keys");
      for (Map.Entry<String, Object> e : logged.entrySet()) {
        assertSameValue(e.getValue(), row.get(e.getKey()), where + ", key " + e.getKey());
      }
      Map<String, Object> expected = TrainingRows.row(n);
      for (String k : TrainingRows.KEYS) {
        assertSameValue(expected.get(k), row.get(k), where + ": the value the program logged");
      }
    }
  }

  /** Asserts the server's history is exactly this log's: every row, nothing more. */
  void assertServerHistoryIsExact(JsonNode rows, String context) {
    assertEquals(history.size(), rows.size(), context + ": rows on the server vs in the run log");
    assertServerHistoryIsPrefix(rows, context);
  }

  /** Asserts the server's summary has this log's value for each of the program's keys. */
  void assertServerSummary(JsonNode serverSummary, String context) {
    for (String k : TrainingRows.KEYS) {
      Object expected = summary.get(k);
      JsonNode actual = serverSummary == null ? null : serverSummary.get(k);
      if (expected == null) {
        assertTrue(actual == null || actual.isNull(),
            context + ": summary key " + k + " without a logged value: " + serverSummary);
      } else {
        assertSameValue(expected, actual, context + ": summary key " + k);
      }
    }
  }

  private static Set<String> keys(JsonNode row) {
    Set<String> keys = new HashSet<>();
    row.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Integers as integers, doubles to the last bit. */
  private static void assertSameValue(Object expected, JsonNode actual, String context) {
    assertTrue(actual != null && actual.isNumber(), context + ": " + actual);
    if (expected instanceof Integer || expected instanceof Long) {
      assertTrue(actual.isIntegralNumber(), context + ": an integer, got " + actual);
      assertEquals(((Number) expected).longValue(), actual.asLong(), context);
    } else {
      double e = ((Number) expected).doubleValue();
      assertEquals(Double.doubleToLongBits(e), Double.doubleToLongBits(actual.asDouble()),
          context + ": expected " + e + ", got " + actual);
    }
  }
}
