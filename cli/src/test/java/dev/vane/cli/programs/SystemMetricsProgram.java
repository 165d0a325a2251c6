package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.time.Duration;
import java.util.Map;

/**
 * Samples system metrics every second while it logs a step a second, then finishes. Arguments:
 * PROJECT SECONDS. Prints its run path.
 */
public final class SystemMetricsProgram {
  private SystemMetricsProgram() {}

  public static void main(String[] args) throws InterruptedException {
    String project = args[0];
    long millis = (long) (Double.parseDouble(args[1]) * 1000);
    var run = Vane.init(RunOptions.builder().project(project)
        .systemSampleInterval(Duration.ofSeconds(1)).build());
    long end = System.nanoTime() + millis * 1_000_000;
    long step = 0;
    byte[][] garbage = new byte[64][];
    while (System.nanoTime() < end) {
      // Some allocation, so the heap and GC series have something to show.
      for (int i = 0; i < garbage.length; i++) {
        garbage[i] = new byte[64 * 1024];
      }
      run.log(Map.of("step_metric", step++));
      Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
    }
    System.out.println("RUN " + run.path());
    run.finish();
  }
}
