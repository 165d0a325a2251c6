package dev.vane.bench;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training program of the ingest benchmark, run in a JVM of its own: logs KEYS metrics for
 * STEPS steps with the SDK and finishes, which waits until the server has acknowledged every
 * record. Prints {@code elapsed SECONDS log SECONDS}. Arguments: KEYS STEPS DIR; server and key
 * from VANE_BASE_URL and VANE_API_KEY.
 */
public final class IngestDriver {
  private IngestDriver() {}

  /** Runs the driver. */
  public static void main(String[] args) {
    int keys = Integer.parseInt(args[0]);
    long steps = Long.parseLong(args[1]);
    String[] names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = "metric_" + k;
    }
    long start = System.nanoTime();
    Run run = Vane.init(RunOptions.builder().project("bench-ingest").dir(Path.of(args[2]))
        .silent(true).finishTimeout(Duration.ofMinutes(30)).build());
    java.util.Random random = new java.util.Random(7);
    Map<String, Object> row = new LinkedHashMap<>();
    for (long step = 0; step < steps; step++) {
      for (int k = 0; k < keys; k++) {
        row.put(names[k], Math.exp(-step / 20_000.0 - k / 50.0) + random.nextGaussian() * 0.01);
      }
      run.log(row);
    }
    long logged = System.nanoTime();
    run.finish();
    long end = System.nanoTime();
    System.out.printf("elapsed %.3f log %.3f%n", (end - start) / 1e9, (logged - start) / 1e9);
  }
}
