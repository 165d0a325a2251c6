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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The training thread's cost of {@code run.log} with a 10-key map of doubles, in offline mode (the
 * sender is not involved: the cost measured is what the training thread pays in any mode). The
 * baseline is building the same map, so the difference is Vane's own cost; it runs in the same JMH
 * invocation, so the ratio holds on a noisy machine.
 *
 * <p>{@code definitions=aggregates} runs the same calls with {@code defineMetric("*")
 * .summary("min", "max")}: every key then has summary aggregates, updated as rows are written.
 * Run: {@code bench/run -f 1 -wi 3 -w 2s -i 5 -r 2s LogBenchmark}; add {@code -p
 * definitions=none,aggregates -p storage=shm,disk} for every variant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogBenchmark {
  private static final String[] KEYS = {
    "loss", "accuracy", "val/loss", "val/accuracy", "lr", "grad_norm", "epoch", "tokens",
    "throughput", "memory"
  };

  /** {@code none}: no metric definitions (the default); {@code aggregates}: min and max of all. */
  @Param({"none"})
  public String definitions;

  /**
   * Where the run's folder is: {@code shm} on {@code /dev/shm} (memory; the temporary folder where
   * there is none), {@code disk} in the temporary folder. Logging flat out writes about 250 MB/s of
   * run log, and after a few seconds the kernel throttles the writes to what the disk takes, on
   * the calling thread; {@code shm} measures the SDK's own cost, {@code disk} that plus this disk.
   */
  @Param({"shm"})
  public String storage;

  private Path dir;
  private Run run;
  private long step;

  /** Starts an offline run in a temporary folder. */
  @Setup
  public void start() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir = storage.equals("shm") && Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "vane-bench")
        : Files.createTempDirectory("vane-bench");
    run = Vane.init(RunOptions.builder().project("bench").mode("offline").dir(dir)
        .silent(true).build());
    if (definitions.equals("aggregates")) {
      run.defineMetric("*").summary("min", "max");
    }
  }

  /** Finishes the run and deletes its folder. */
  @TearDown
  public void stop() throws IOException {
    run.finish();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A new map, as a training loop builds one per step: values like a decaying loss. */
  private Map<String, Object> row() {
    long s = step++;
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k < 10; k++) {
      m.put(KEYS[k], 1.0 / (s + k + 1));
    }
    return m;
  }

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
