package dev.vane.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system metrics acceptance: a 60 s run sampling every second has every {@code system.*}
 * series, each with at least 59 points. An integration test, since it takes a minute.
 */
class SystemMetricsIT {
  @TempDir Path tmp;

  @Test
  void aMinuteAtOneSecondHasEverySystemSeries() throws Exception {
    SystemMetricsEndToEnd.check(tmp, "sysmetrics", 60, false);
  }
}
