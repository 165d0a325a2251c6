package dev.vane;

import static dev.vane.TestSupport.only;
import static dev.vane.TestSupport.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that ends without finishing its run: the shutdown hook finishes it. */
class ShutdownHookTest {
  @TempDir Path tmp;

  private String runChild(String how) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "-Dfile.encoding=ISO-8859-1", ExitChild.class.getName(), tmp.toString(), how)
        .redirectErrorStream(true)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new String(out, StandardCharsets.UTF_8);
  }

  private List<RecordPayload> childRecords() throws IOException {
    try (Stream<Path> dirs = Files.list(tmp.resolve("vane"))) {
      Path dir = dirs.filter(d -> d.getFileName().toString().startsWith("offline-run-"))
          .findFirst().orElseThrow();
      return records(dir.resolve("run-child.vane"));
    }
  }

  @Test
  void uncaughtExceptionEndsTheRunFailedWithTheStackTrace() throws Exception {
    String out = runChild("throw");
    assertTrue(out.contains("Exception in thread \"main\" java.lang.IllegalStateException: "
        + "training diverged"), out);
    assertTrue(out.contains("vane: Run history:"), out);
    assertTrue(out.contains("vane:    loss █▃▁"), "UTF-8 whatever the platform charset: " + out);
    List<RecordPayload> recs = childRecords();
    assertEquals(4, only(recs, HistoryRow.class).size(), "the pending row is written too");
    RunExit exit = only(recs, RunExit.class).get(0);
    assertEquals(1, exit.exitCode());
    assertTrue(exit.error().startsWith("java.lang.IllegalStateException: training diverged"),
        exit.error());
    assertTrue(exit.error().contains("at dev.vane.ExitChild.main"), exit.error());
  }

  @Test
  void normalExitWithoutFinishEndsTheRunFinished() throws Exception {
    String out = runChild("return");
    assertTrue(out.contains("vane: Find logs at:"), out);
    RunExit exit = only(childRecords(), RunExit.class).get(0);
    assertEquals(0, exit.exitCode());
    assertNull(exit.error());
  }

  @Test
  void sigtermEndsTheRunKilledWithExitCode255() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ExitChild.class.getName(), tmp.toString(), "wait")
        .redirectErrorStream(true)
        .start();
    java.io.BufferedReader out = new java.io.BufferedReader(
        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
      seen.append(line).append('\n');
    }
    p.toHandle().destroy(); // SIGTERM; Process.destroy would also close the output stream
    out.lines().forEach(l -> seen.append(l).append('\n'));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(seen.toString().contains("vane: Find logs at:"), "the final flush ran: " + seen);
    List<RecordPayload> recs = childRecords();
    assertEquals(4, only(recs, HistoryRow.class).size(), "the pending row is written too");
    RunExit exit = only(recs, RunExit.class).get(0);
    assertEquals(255, exit.exitCode());
    assertEquals("killed by SIGTERM", exit.error());
  }
}
