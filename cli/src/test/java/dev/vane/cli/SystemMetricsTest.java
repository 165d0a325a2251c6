package dev.vane.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System metrics end to end in a few seconds; {@link SystemMetricsIT} is the 60 s acceptance run.
 */
class SystemMetricsTest {
  @TempDir Path tmp;

  @Test
  void aShortRunAtOneSecondHasEverySystemSeries() throws Exception {
    SystemMetricsEndToEnd.check(tmp, "sysmetrics-short", 6, false);
  }

  @Test
  void anOfflineRunsSamplesArriveWithVaneSync() throws Exception {
    SystemMetricsEndToEnd.check(tmp, "sysmetrics-offline", 4, true);
  }
}
