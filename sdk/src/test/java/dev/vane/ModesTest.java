package dev.vane;

import static dev.vane.TestSupport.only;
import static dev.vane.TestSupport.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RunExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disabled mode, Vane.run and the start-up errors. */
class ModesTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();

  @Test
  void disabledRunWorksButRecordsNothing() throws IOException {
    Run run = TestSupport.start(RunOptions.builder().mode("disabled").dir(tmp).id("quiet")
        .project("p").config(Map.of("lr", 0.1)).build(), Map.of(), terminal);
    run.log(Map.of("loss", 1.0));
    run.log(Map.of("loss", 1.0), 5);
    run.log(Map.of("loss", 1.0), false);
    run.log(Map.of("loss", 1.0), 6, true);
    run.log(null);
    run.config().put("batch", 32);
    run.summary().put("best", 1);
    run.summary().remove("best");
    assertEquals(Map.of("lr", 0.1, "batch", 32L), run.config().asMap());
    assertEquals("quiet", run.id());
    assertEquals("quiet", run.name());
    assertEquals("p", run.project());
    assertEquals("/p/quiet", run.path());
    assertNull(run.url());
    assertNull(run.dir());
    run.finish();
    run.finish(2);
    run.close();
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count(), "disabled mode writes nothing");
    }
    assertEquals("", terminal.text());
  }

  @Test
  void disabledModeFromTheEnvironment() throws IOException {
    Run run = TestSupport.start(RunOptions.builder().dir(tmp).build(),
        Map.of("VANE_MODE", "disabled"), terminal);
    run.log(Map.of("x", 1));
    run.finish();
    assertNull(run.dir());
    assertTrue(run.id().matches("[a-z0-9]{8}"));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void vaneRunFinishesTheRun() throws Exception {
    Run run = Vane.run(RunOptions.builder().mode("offline").dir(tmp).silent(true).build(),
        r -> r.log(Map.of("x", 1)));
    List<RunExit> exits = only(records(TestSupport.runLog(run.dir())), RunExit.class);
    assertEquals(0, exits.get(0).exitCode());
    assertNull(exits.get(0).error());
  }

  @Test
  void vaneRunEndsTheRunFailedWithTheStackTraceAndRethrows() {
    IllegalStateException thrown = new IllegalStateException("diverged at step 5");
    Run[] started = new Run[1];
    IllegalStateException caught = assertThrows(IllegalStateException.class,
        () -> Vane.run(RunOptions.builder().mode("offline").dir(tmp).silent(true).build(), r -> {
          started[0] = r;
          for (int step = 0; step < 5; step++) {
            r.log(Map.of("loss", 1.0 / (step + 1)));
          }
          throw thrown;
        }));
    assertSame(thrown, caught);
    var recs = records(TestSupport.runLog(started[0].dir()));
    assertEquals(5, only(recs, HistoryRow.class).size());
    RunExit exit = only(recs, RunExit.class).get(0);
    assertEquals(1, exit.exitCode());
    assertTrue(exit.error().startsWith("java.lang.IllegalStateException: diverged at step 5"),
        exit.error());
    assertTrue(exit.error().contains("\tat dev.vane.ModesTest"), exit.error());
  }

  @Test
  void vaneRunRethrowsCheckedExceptionsAndErrors() {
    RunOptions o = RunOptions.builder().mode("offline").dir(tmp).silent(true).build();
    IOException io = new IOException("disk");
    assertSame(io, assertThrows(IOException.class, () -> Vane.run(o, r -> {
      throw io;
    })));
    AssertionError err = new AssertionError("boom");
    assertSame(err, assertThrows(AssertionError.class, () -> Vane.run(o, r -> {
      throw err;
    })));
  }

  @Test
  void onlineWithoutAnApiKeyStopsAtInit() {
    VaneException e = assertThrows(VaneException.class,
        () -> RunLauncher.start(RunOptions.builder().dir(tmp).build(), Settings.empty(),
            terminal.stream));
    assertTrue(e.getMessage().contains("VANE_API_KEY"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("vane")), "nothing written before the refusal");
  }

  @Test
  void invalidEnvironmentStopsAtInit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestSupport.start(RunOptions.builder().dir(tmp).build(),
            Map.of("VANE_MODE", "sometimes"), terminal));
    assertTrue(e.getMessage().startsWith("VANE_MODE"), e.getMessage());
  }
}
