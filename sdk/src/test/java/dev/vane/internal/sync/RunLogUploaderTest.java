package dev.vane.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.TestSupport;
import dev.vane.internal.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sync does without a server: finding logs, refusing what is not a run log. */
class RunLogUploaderTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal out = new TestSupport.Terminal();

  private Run offlineRun() {
    Run run = TestSupport.start(RunOptions.builder().mode("offline").dir(tmp).silent(true)
        .disableCapture("metadata").build(), Map.of(), out);
    run.log(Map.of("x", 1));
    run.finish();
    return run;
  }

  @Test
  void findsTheLogOfARunDirectoryOrTakesTheFile() throws IOException {
    Run run = offlineRun();
    Path log = run.dir().resolve("run-" + run.id() + ".vane");
    assertEquals(log, RunLogUploader.findLog(run.dir()));
    assertEquals(log, RunLogUploader.findLog(log));
    assertThrows(NoSuchFileException.class, () -> RunLogUploader.findLog(tmp.resolve("nope")));
    IOException none = assertThrows(IOException.class, () -> RunLogUploader.findLog(tmp));
    assertTrue(none.getMessage().contains("no run log"), none.getMessage());
  }

  @Test
  void refusesFilesThatAreNotRunLogs() throws IOException {
    Path bogus = tmp.resolve("bogus.vane");
    Files.writeString(bogus, "hello, not a log");
    RunLogUploader uploader = new RunLogUploader(Settings.load(Map.of("VANE_API_KEY", "k"), null),
        out.stream);
    IOException e = assertThrows(IOException.class, () -> uploader.sync(bogus));
    assertTrue(e.getMessage().contains("not a readable run log"), e.getMessage());
  }

  @Test
  void withoutAnApiKeyTheReportSaysSo() throws IOException {
    Run run = offlineRun();
    SyncReport r = new RunLogUploader(Settings.empty(), out.stream).sync(run.dir());
    assertFalse(r.complete());
    assertEquals(3, r.recordsTotal());
    assertTrue(r.error().contains("no API key"), r.error());
  }

  @Test
  void progressBarRendering() {
    assertEquals("vane: syncing offline-run-x [#########---------------------] 300/1000 records",
        ProgressBar.render("offline-run-x", 9, 300, 1000));
  }
}
