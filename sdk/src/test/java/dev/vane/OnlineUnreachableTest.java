package dev.vane;

import static dev.vane.TestSupport.only;
import static dev.vane.TestSupport.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.Settings;
import dev.vane.internal.sync.RunLogUploader;
import dev.vane.internal.sync.SyncReport;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An online run whose server cannot be reached: it goes on locally and says how to sync. */
class OnlineUnreachableTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();

  @Test
  void runGoesOnLocallyAndFinishReturnsWithinItsBound() {
    String base = "http://127.0.0.1:" + TestSupport.deadPort();
    long t0 = System.nanoTime();
    Run run = TestSupport.start(RunOptions.builder().dir(tmp).project("p")
        .finishTimeout(Duration.ofSeconds(2)).build(),
        Map.of("VANE_BASE_URL", base, "VANE_API_KEY", "k"), terminal);
    assertTrue(millisSince(t0) < 5000, "init waits a few seconds at most");

    long t1 = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1), "acc", i / 20_000.0));
    }
    long logMillis = millisSince(t1);
    assertTrue(logMillis < 5000, "log() does not wait for the network: " + logMillis + " ms");

    long t2 = System.nanoTime();
    run.finish();
    long finishMillis = millisSince(t2);
    assertTrue(finishMillis < 6000, "finish waited " + finishMillis + " ms");

    String text = terminal.text();
    assertEquals(1, text.split("server not reachable", -1).length - 1, text);
    assertTrue(text.contains("vane: WARNING server not reachable at " + base
        + " (connection refused), logging locally and retrying"), text);
    assertTrue(text.contains("vane: Syncing run " + run.id()), text);
    assertTrue(text.contains("the upload did not finish within 2 s"), text);
    assertTrue(text.contains("vane: vane sync "), text);
    assertTrue(text.contains("vane: Find logs at: "), text);
    assertFalse(text.contains("Synced "), text);
    assertTrue(run.dir().getFileName().toString().startsWith("run-"));
    assertNull(run.url(), "no URL while the entity is unknown");

    var recs = records(TestSupport.runLog(run.dir()));
    assertEquals("online", ((RunStart) recs.get(0)).mode());
    assertEquals(20_000, only(recs, HistoryRow.class).size());
    assertEquals(1, only(recs, RunExit.class).size());
  }

  @Test
  void knownEntityGivesUrlsEvenWhenTheServerIsAway() {
    String base = "http://127.0.0.1:" + TestSupport.deadPort();
    Run run = TestSupport.start(RunOptions.builder().dir(tmp).entity("nico").project("p")
        .id("abc123").finishTimeout(Duration.ZERO).build(),
        Map.of("VANE_BASE_URL", base, "VANE_API_KEY", "k"), terminal);
    assertEquals(base + "/nico/p/runs/abc123", run.url());
    assertEquals("nico/p/abc123", run.path());
    run.finish();
    String text = terminal.text();
    assertTrue(text.contains("vane: ⭐️ View project at " + base + "/nico/p\n"), text);
    assertTrue(text.contains("vane: 🚀 View run at " + base + "/nico/p/runs/abc123\n"), text);
    assertTrue(text.contains("vane: 🚀 View run abc123 at: " + base + "/nico/p/runs/abc123\n"),
        text);
  }

  @Test
  void syncGivesUpWithAReportWhenTheServerIsAway() throws Exception {
    Run run = TestSupport.start(RunOptions.builder().mode("offline").dir(tmp)
        .disableCapture("metadata").build(), Map.of(),
        terminal);
    run.log(Map.of("x", 1));
    run.finish();
    String base = "http://127.0.0.1:" + TestSupport.deadPort();
    TestSupport.Terminal out = new TestSupport.Terminal();
    RunLogUploader uploader = new RunLogUploader(
        Settings.load(Map.of("VANE_BASE_URL", base, "VANE_API_KEY", "k"), null), out.stream,
        Duration.ofSeconds(1));
    SyncReport report = uploader.sync(run.dir());
    assertFalse(report.complete());
    assertEquals(3, report.recordsTotal());
    assertEquals(0, report.recordsSent());
    assertNull(report.url());
    assertTrue(report.error().contains("gave up"), report.error());
    assertEquals(List.of(), report.files());
    assertTrue(out.text().contains("0/3 records"), out.text());
    assertTrue(out.text().contains("server not reachable"), out.text());
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
