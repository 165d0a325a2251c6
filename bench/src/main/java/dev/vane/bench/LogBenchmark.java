package dev.vane.bench;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The training thread's cost of {@code run.log} with a 10-key map, in offline mode (the sender
 * is not involved: the cost measured is what the training thread pays in any mode). The baseline
 * is building the same map, so the difference is Vane's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogBenchmark {
  private Path dir;
  private Run run;
  private long step;

  /** Starts an offline run in a temporary folder. */
  @Setup
  public void start() throws IOException {
    dir = Files.createTempDirectory("vane-bench");
    run = Vane.init(RunOptions.builder().project("bench").mode("offline").dir(dir)
        .silent(true).build());
  }

  /** Finishes the run and deletes its folder. */
  @TearDown
  public void stop() throws IOException {
    run.finish();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Map<String, Object> row() {
    long s = step++;
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < 10; k++) {
      m.put(KEYS[k], 1.0 / (s + k + 1));
    }
    return m;
  }

  private static final String[] KEYS = {
    "loss", "accuracy", "val/loss", "val/accuracy", "lr", "grad_norm", "epoch", "tokens",
    "throughput", "memory"
  };

  /** Baseline: building the 10-key map only. */
  @Benchmark
  public Map<String, Object> buildMapOnly() {
    return row();
  }

  /** Building the map and logging it. */
  @Benchmark
  public void log10Keys() {
    run.log(row());
  }
}
