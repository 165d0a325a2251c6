package dev.vane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.RunLauncher;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console capture of offline runs: what is recorded, what the terminal still gets. */
class ConsoleCaptureTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();
  private PrintStream savedOut;
  private PrintStream savedErr;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private PrintStream fakeOut;
  private PrintStream fakeErr;

  @BeforeEach
  void fakeStreams() {
    savedOut = System.out;
    savedErr = System.err;
    fakeOut = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    fakeErr = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    System.setOut(fakeOut);
    System.setErr(fakeErr);
  }

  @AfterEach
  void restoreStreams() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  private Run start(RunOptions.Builder options, Map<String, String> env) {
    return TestSupport.start(options.mode("offline").dir(tmp).project("console").build(), env,
        terminal);
  }

  private static List<ConsoleLine> consoleLines(Run run) {
    List<ConsoleLine> out = new ArrayList<>();
    for (RecordPayload p : TestSupport.records(TestSupport.runLog(run.dir()))) {
      if (p instanceof ConsoleLines c) {
        out.addAll(c.lines());
      }
    }
    return out;
  }

  private static List<String> texts(List<ConsoleLine> lines) {
    return lines.stream().map(l -> l.stream() + ":" + l.text()).toList();
  }

  @Test
  void printedLinesAreRecordedInOrderAndStillPrinted() throws Exception {
    Run run = start(RunOptions.builder(), Map.of());
    assertFalse(System.out == fakeOut, "stdout is wrapped while the run lives");
    System.out.println("epoch 1");
    System.err.println("warning: slow");
    System.out.print("progress 10%\rprogress 50%\rprogress 100%\r\n");
    System.out.println("\u001b[32mgreen\u001b[0m");
    System.out.print("no newline");
    run.finish();

    assertSame(fakeOut, System.out, "the original stdout is back after finish");
    assertSame(fakeErr, System.err);
    assertEquals("epoch 1\nprogress 10%\rprogress 50%\rprogress 100%\r\n"
        + "\u001b[32mgreen\u001b[0m\nno newline", outBytes.toString(StandardCharsets.UTF_8)
        .replace(System.lineSeparator(), "\n"), "the terminal got every byte, unchanged");
    assertEquals("warning: slow\n",
        errBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));

    List<ConsoleLine> lines = consoleLines(run);
    assertEquals(List.of("stdout:epoch 1", "stderr:warning: slow", "stdout:progress 100%",
        "stdout:\u001b[32mgreen\u001b[0m", "stdout:no newline"), texts(lines));
    double now = System.currentTimeMillis() / 1000.0;
    for (ConsoleLine l : lines) {
      assertTrue(l.time() > now - 60 && l.time() <= now, "time " + l.time());
    }
    List<RecordPayload> records = TestSupport.records(TestSupport.runLog(run.dir()));
    assertInstanceOf(RunExit.class, records.get(records.size() - 1), "lines come before the exit");
    assertEquals("epoch 1\nwarning: slow\nprogress 100%\n\u001b[32mgreen\u001b[0m\nno newline\n",
        Files.readString(run.dir().resolve("files/output.log")));
    assertFalse(terminal.text().contains("epoch 1"), "Vane's terminal is not the program's");
    System.out.println("after finish");
    assertEquals(5, consoleLines(run).size());
  }

  @Test
  void vaneOwnLinesAreNotCaptured() {
    // The terminal handed to the SDK is System.err itself, as Vane.init does.
    Run run = RunLauncher.start(RunOptions.builder().mode("offline").dir(tmp).project("console")
        .build(), dev.vane.internal.Settings.load(Map.of(), null), System.err);
    System.out.println("mine");
    run.finish();
    assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("vane: "),
        "Vane's lines reach the terminal");
    assertEquals(List.of("stdout:mine"), texts(consoleLines(run)));
  }

  @Test
  void concurrentWritersDoNotMixLines() throws Exception {
    Run run = start(RunOptions.builder(), Map.of());
    int threads = 8;
    int perThread = 2000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        PrintStream target = id % 2 == 0 ? System.out : System.err;
        for (int i = 0; i < perThread; i++) {
          if (i % 3 == 0) {
            target.println("thread " + id + " line " + i + " " + "x".repeat(id * 10));
          } else {
            target.print("thread " + id + " line " + i + " " + "x".repeat(id * 10) + "\n");
          }
        }
      });
      th.start();
      started.add(th);
    }
    for (Thread th : started) {
      th.join();
    }
    run.finish();
    List<ConsoleLine> lines = consoleLines(run);
    assertEquals(threads * perThread, lines.size(), terminal.text());
    Map<Integer, Integer> next = new HashMap<>();
    for (ConsoleLine l : lines) {
      String[] parts = l.text().split(" ");
      int id = Integer.parseInt(parts[1]);
      int i = Integer.parseInt(parts[3]);
      assertEquals("thread " + id + " line " + i + " " + "x".repeat(id * 10), l.text());
      assertEquals(id % 2 == 0 ? "stdout" : "stderr", l.stream());
      assertEquals(next.getOrDefault(id, 0), i, "each thread's lines in order");
      next.put(id, i + 1);
    }
  }

  @Test
  void consoleOffLeavesTheStreamsAlone() {
    Run run = start(RunOptions.builder().console("off"), Map.of());
    assertSame(fakeOut, System.out);
    assertSame(fakeErr, System.err);
    System.out.println("not recorded");
    run.finish();
    assertEquals(List.of(), consoleLines(run));
    assertFalse(Files.exists(run.dir().resolve("files/output.log")));

    Run byEnv = start(RunOptions.builder(), Map.of("VANE_CONSOLE", "off"));
    assertSame(fakeOut, System.out);
    byEnv.finish();

    Run wrap = start(RunOptions.builder(), Map.of("VANE_CONSOLE", "wrap"));
    assertFalse(System.out == fakeOut, "wrap captures like auto");
    wrap.finish();
  }

  @Test
  void invalidConsoleValuesNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder().console("redirect").build());
    assertTrue(e.getMessage().startsWith("console "), e.getMessage());
    assertEquals("off", RunOptions.builder().console("OFF").build().console());
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> start(RunOptions.builder(), Map.of("VANE_CONSOLE", "loud")));
    assertTrue(env.getMessage().contains("VANE_CONSOLE"), env.getMessage());
    assertSame(fakeOut, System.out);
  }

  @Test
  void aSecondRunDoesNotCaptureWhileTheFirstDoes() {
    Run first = start(RunOptions.builder(), Map.of());
    PrintStream wrapped = System.out;
    Run second = start(RunOptions.builder(), Map.of());
    assertSame(wrapped, System.out);
    System.out.println("both alive");
    second.finish();
    first.finish();
    assertSame(fakeOut, System.out);
    assertEquals(List.of("stdout:both alive"), texts(consoleLines(first)));
    assertEquals(List.of(), consoleLines(second));
  }

  @Test
  void aFailedRunBodyRecordsItsStackTrace() {
    Run run = start(RunOptions.builder(), Map.of());
    assertThrows(IllegalStateException.class, () -> RunLauncher.runBody(run, r -> {
      System.out.println("training");
      throw new IllegalStateException("loss diverged");
    }));
    List<String> lines = texts(consoleLines(run));
    assertEquals("stdout:training", lines.get(0));
    assertTrue(lines.get(1).startsWith("stderr:Exception in thread \"")
        && lines.get(1).endsWith("java.lang.IllegalStateException: loss diverged"), lines.get(1));
    assertTrue(lines.get(2).startsWith("stderr:\tat "), lines.get(2));
  }
}
