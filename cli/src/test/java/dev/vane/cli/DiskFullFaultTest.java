package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.cli.programs.DiskFullProgram;
import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.LogEnd;
import dev.vane.protocol.log.RunLogReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fault suite: the disk of the run log fills up mid-run. The run directory is on an in-memory
 * file system with a size limit (Jimfs), whose writes fail with an {@link java.io.IOException}
 * once it is full, as {@code ENOSPC} does; the SDK reaches it through {@link RunOptions#dir()}
 * like any other directory. A filler file takes part of the space, so the test can free it later
 * as a user deleting files would.
 *
 * <p>Training must go on ({@code run.log} never throws and stays fast), one warning must name the
 * run log and the problem, the run log must hold a valid prefix, everything in it must reach the
 * server exactly, and {@code finish()} must end promptly. Records logged while the disk is full
 * are dropped (W&amp;B does the same); once space is free again, logging to the file resumes.
 */
class DiskFullFaultTest extends LiveServerTest {
  private static final int KEYS = 20;
  private static final long DISK_BYTES = 1 << 20;
  private static final int FILLER_BYTES = 256 << 10;
  /** Rows logged after the warning, while the disk is full. */
  private static final int FULL_ROWS = 3000;
  /** Rows logged after the filler is deleted. */
  private static final int FREED_ROWS = 300;
  private static final int MAX_ROWS = 50_000;

  @Test
  void diskFullUntilTheEndWarnsOnceKeepsTrainingAndThePrefixReachesTheServer() throws Exception {
    try (FileSystem disk = Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setMaxSize(DISK_BYTES).build())) {
      Scenario sc = new Scenario(disk);
      long warnedAt = sc.logUntilFull();
      long[] fullNanos = sc.logRows(FULL_ROWS);
      // What the file holds while the disk is full: a valid prefix that the sender delivers.
      Contents whileFull = Contents.read(sc.log());
      long prefix = whileFull.prefix();
      long onServer = sc.awaitServerRows(whileFull.steps.size());
      long finishMillis = sc.finish();
      Contents atEnd = Contents.read(sc.log());

      String report = String.format(Locale.ROOT,
          "disk of %d KiB (%d KiB taken by a filler) full: warning at row %d, %d rows logged "
          + "while full%n  log latency before full: %s%n  log latency while full:  %s%n"
          + "  run log while full: %d frames, %s, steps %s; on the server: %d rows%n"
          + "  run log after finish: %d frames, %s, steps %s; finish() took %d ms%n"
          + "  server: %s%n  terminal:%n%s",
          DISK_BYTES >> 10, FILLER_BYTES >> 10, warnedAt, FULL_ROWS,
          OutageFaultTest.figures(sc.beforeNanos()), OutageFaultTest.figures(fullNanos),
          whileFull.frames, whileFull.end, ranges(whileFull.steps), onServer, atEnd.frames,
          atEnd.end, ranges(atEnd.steps), finishMillis, sc.runJson().path("state"),
          sc.text().indent(4));
      System.out.println(report);

      sc.assertOneWarning(report);
      // Everything in the file before the disk filled is intact: steps 0.. without a gap, up to
      // within a buffer's worth (64 KiB, a few hundred rows) of the warning.
      assertEquals(prefix, whileFull.steps.size(), report);
      assertTrue(prefix > 100 && Math.abs(warnedAt - prefix) < 400, report);
      // Rows logged while the disk was full are dropped, never blocking: the file did not grow.
      assertEquals(whileFull.steps, atEnd.steps, report);
      assertTrue(whileFull.end.isClean() && atEnd.end.isClean(), report);
      // ... and every row in it reached the server, exactly.
      assertEquals(whileFull.steps.size(), onServer, report);
      sc.assertServerHas(atEnd.steps);
      // The footer says what the full disk cost, the run's end included.
      assertTrue(sc.text().contains(" record(s) could not be written to the run log and are lost,"
          + " the end of the run among them: the server will show the run crashed"), report);
      // run.log stays prompt on a full disk (a failed write costs microseconds), finish too.
      assertTrue(OutageFaultTest.percentile(fullNanos, 99) < TimeUnit.MILLISECONDS.toNanos(5),
          report);
      assertTrue(OutageFaultTest.max(fullNanos) < TimeUnit.MILLISECONDS.toNanos(250), report);
      assertTrue(finishMillis < 15_000, report);
    }
  }

  @Test
  void loggingToTheFileResumesOnceSpaceIsFreed() throws Exception {
    try (FileSystem disk = Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setMaxSize(DISK_BYTES).build())) {
      Scenario sc = new Scenario(disk);
      long warnedAt = sc.logUntilFull();
      sc.logRows(FULL_ROWS / 3);
      Files.delete(sc.filler); // a user makes room
      long freedAt = sc.step;
      sc.logRows(FREED_ROWS);
      long finishMillis = sc.finish();
      Contents atEnd = Contents.read(sc.log());
      String report = String.format(Locale.ROOT,
          "warning at row %d, space freed at row %d, %d rows after%n"
          + "  run log: %d frames, %s, steps %s; finish() took %d ms%n  server: %s%n"
          + "  terminal:%n%s",
          warnedAt, freedAt, FREED_ROWS, atEnd.frames, atEnd.end, ranges(atEnd.steps),
          finishMillis, sc.runJson().path("state"), sc.text().indent(4));
      System.out.println(report);

      sc.assertOneWarning(report);
      assertTrue(atEnd.end.isClean(), report);
      // The rows from just before the space was freed on (the last row is written when the next
      // step begins) are in the file, after the prefix and a gap.
      List<Long> resumed = atEnd.steps.subList((int) atEnd.prefix(), atEnd.steps.size());
      assertFalse(resumed.isEmpty(), report);
      assertTrue(resumed.get(0) >= freedAt - 1, report);
      for (int i = 1; i < resumed.size(); i++) {
        assertEquals(resumed.get(0) + i, resumed.get(i), report);
      }
      assertEquals(sc.step - 1, resumed.get(resumed.size() - 1), report);
      sc.assertServerHas(atEnd.steps);
      assertTrue(sc.text().contains(" record(s) could not be written to the run log and are lost\n"),
          report);
      // With room for the exit record, the run ends as usual.
      assertEquals("finished", sc.runJson().path("state").asText(), report);
      assertEquals(0, sc.runJson().path("exitCode").asInt(), report);
    }
  }

  @Test
  void aTrainingProgramOnAFullDiskEndsNormallyWithOneWarning() throws Exception {
    ChildJvm.Result r = run(env(), DiskFullProgram.class, "diskfull-child");
    assertEquals(0, r.exitCode(), "the program's exit code is its own: " + r.err());
    List<String> warnings = r.err().lines().filter(l -> l.contains("WARNING")).toList();
    assertEquals(1, warnings.size(), r.err());
    assertTrue(warnings.get(0).contains("cannot write to the run log"), r.err());
    assertTrue(warnings.get(0).contains("out of disk space"), r.err());
    JsonNode rows = server.get("/api/v1/runs/" + runPath(r.out()) + "/history").body()
        .get("rows");
    assertTrue(rows.size() > 100 && rows.size() < 4000, rows.size() + " rows\n" + r.err());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i, rows.get(i).get("_step").asLong(), "a prefix of the steps");
      assertEquals(value(i, 19), rows.get(i).get("k19").asDouble());
    }
    System.out.println("child program on a full disk: exit code " + r.exitCode() + ", "
        + rows.size() + " of 4000 rows on the server, stderr:\n" + r.err().indent(4));
  }

  /** A run whose directory is on {@code disk}, a filler file taking part of the space. */
  private final class Scenario {
    final Path filler;
    final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    final Run run;
    final String path;
    final List<Long> before = new ArrayList<>();
    long step;

    Scenario(FileSystem disk) throws Exception {
      Path root = Files.createDirectories(disk.getPath("/train"));
      filler = root.resolve("filler.bin");
      Files.write(filler, new byte[FILLER_BYTES]);
      Map<String, String> env = Map.of("VANE_BASE_URL", server.baseUrl(),
          "VANE_API_KEY", server.key);
      run = RunLauncher.start(RunOptions.builder().dir(root).project("diskfull")
          .console("off").systemSampleInterval(Duration.ZERO).disableCapture("metadata")
          .finishTimeout(Duration.ofSeconds(30)).build(),
          Settings.load(env, null), new PrintStream(terminal, true, StandardCharsets.UTF_8));
      path = run.path();
    }

    /** Logs rows until the run log's warning shows; returns the row count then. */
    long logUntilFull() throws InterruptedException {
      while (!text().contains("cannot write to the run log")) {
        assertTrue(step < MAX_ROWS, "no warning after " + step + " rows: " + text());
        before.add(logTimed());
      }
      return step;
    }

    long[] logRows(int rows) throws InterruptedException {
      long[] nanos = new long[rows];
      for (int i = 0; i < rows; i++) {
        nanos[i] = logTimed();
      }
      return nanos;
    }

    private long logTimed() throws InterruptedException {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int k = 0; k < KEYS; k++) {
        values.put("k" + k, value(step, k));
      }
      long t0 = System.nanoTime();
      run.log(values, step);
      long nanos = System.nanoTime() - t0;
      if (++step % 50 == 0) {
        Thread.sleep(5); // a training step's pace, so the flusher and the sender keep up
      }
      return nanos;
    }

    long[] beforeNanos() {
      return before.stream().mapToLong(Long::longValue).toArray();
    }

    long finish() {
      long t0 = System.nanoTime();
      run.finish();
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    String text() {
      return terminal.toString(StandardCharsets.UTF_8);
    }

    Path log() throws Exception {
      try (Stream<Path> s = Files.list(run.dir())) {
        return s.filter(p -> p.toString().endsWith(".vane")).findFirst().orElseThrow();
      }
    }

    JsonNode runJson() throws Exception {
      return server.get("/api/v1/runs/" + path).body();
    }

    /** Waits (10 s at most) until the server has {@code rows} rows; returns how many it has. */
    long awaitServerRows(int rows) throws Exception {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long have;
      while ((have = runJson().path("historyLength").asLong()) < rows
          && System.nanoTime() - until < 0) {
        Thread.sleep(50);
      }
      return have;
    }

    /** One warning, naming the run log and the problem; not one per record. */
    void assertOneWarning(String report) throws Exception {
      List<String> warnings = text().lines().filter(l -> l.contains("WARNING")).toList();
      assertEquals(1, warnings.size(), report);
      assertTrue(warnings.get(0).contains("cannot write to the run log " + log()), report);
      assertTrue(warnings.get(0).contains("out of disk space"), report);
      assertTrue(warnings.get(0).contains("training goes on"), report);
    }

    /** The server's history is exactly these steps, with their values. */
    void assertServerHas(List<Long> steps) throws Exception {
      JsonNode rows = server.get("/api/v1/runs/" + path + "/history").body().get("rows");
      assertNotNull(rows);
      assertEquals(steps.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonNode row = rows.get(i);
        long s = steps.get(i);
        assertEquals(s, row.get("_step").asLong());
        for (int k = 0; k < KEYS; k++) {
          assertEquals(value(s, k), row.get("k" + k).asDouble(), "step " + s + " k" + k);
        }
      }
    }
  }

  /** The history steps of a run log read with the protocol reader, values checked. */
  private record Contents(int frames, LogEnd end, List<Long> steps) {
    static Contents read(Path log) throws Exception {
      List<Long> steps = new ArrayList<>();
      int frames = 0;
      try (RunLogReader r = RunLogReader.open(log)) {
        long seq = 0;
        for (Frame f; (f = r.next()) != null; frames++) {
          assertEquals(++seq, f.seq(), "frames numbered without a gap");
          RecordPayload p = f.decode();
          if (frames == 0) {
            assertTrue(p instanceof RunStart, "the log starts with the run's start");
          }
          if (p instanceof HistoryRow row) {
            long s = ((Number) row.values().get(HistoryRow.STEP)).longValue();
            for (int k = 0; k < KEYS; k++) {
              assertEquals(value(s, k), ((Number) row.values().get("k" + k)).doubleValue());
            }
            steps.add(s);
          }
        }
        return new Contents(frames, r.end(), steps);
      }
    }

    /** How many steps from 0 follow each other without a gap. */
    long prefix() {
      int n = 0;
      while (n < steps.size() && steps.get(n) == n) {
        n++;
      }
      return n;
    }
  }

  /** Steps as ranges, such as {@code 0..1476, 4779..5078}. */
  private static String ranges(List<Long> steps) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < steps.size(); ) {
      int j = i;
      while (j + 1 < steps.size() && steps.get(j + 1) == steps.get(j) + 1) {
        j++;
      }
      b.append(b.length() == 0 ? "" : ", ").append(steps.get(i)).append("..").append(steps.get(j));
      i = j + 1;
    }
    return b.toString();
  }

  private static double value(long step, int key) {
    return step + (key + 1) / 7.0;
  }
}
