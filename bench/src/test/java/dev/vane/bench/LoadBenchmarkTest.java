package dev.vane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark shortened for {@code ./mvnw verify}: 200 simulated runs x 20 keys x 10 rows/s
 * for 20 s after 5 s of warm-up (the full 5 minutes: {@code bench/run-load}) against {@code
 * cli/target/vane.jar}, which the reactor packages before this module's tests. Asserts no failed
 * request and every run's history exactly its logged steps; the latency and memory goals are
 * printed only, since the machine running the build is shared and loaded.
 */
class LoadBenchmarkTest {
  @Test
  void twoHundredRunsLoseNothingAndGetNoError() throws Exception {
    Path jar = Path.of("..", "cli", "target", "vane.jar").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(jar), "package the cli module first (./mvnw verify does): "
        + jar);
    LoadBenchmark.Options options = new LoadBenchmark.Options(200, 20, 10, Duration.ofSeconds(5),
        Duration.ofSeconds(20), jar, LoadBenchmark.SERVER_JVM);
    LoadBenchmark.Result r = LoadBenchmark.run(options, System.out::println);
    System.out.print(r.table());
    assertEquals(0, r.errorCount(), () -> "failed requests: " + r.errors());
    assertTrue(r.countProblems().isEmpty(), () -> "runs missing steps: " + r.countProblems());
    assertEquals(200L * 25 * 10, r.totalRows(), 200L * 10 * 2, "rows logged in about 25 s");
  }
}
