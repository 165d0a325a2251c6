package dev.vane.bench;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The cost of console capture for a printing program: 100,000 {@code System.out.println} calls,
 * timed without a run, with a run whose console is off and with one capturing it. A plain program
 * rather than a JMH benchmark because what is measured is {@code System.out} itself, which JMH
 * would share with its own output. Run with stdout sent where it would go (a file, /dev/null):
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     dev.vane.bench.ConsolePrintBench none|off|auto [LINES] [ROUNDS] > /dev/null
 * </pre>
 *
 * The timings go to the original stderr: per-round wall milliseconds, their median, and the
 * median CPU time of the printing thread (the capture's own thread works beside it).
 */
public final class ConsolePrintBench {
  private ConsolePrintBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "auto";
    int lines = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    PrintStream report = System.err;
    Path dir = Files.createTempDirectory("vane-console-bench");
    Run run = mode.equals("none") ? null : Vane.init(RunOptions.builder().mode("offline")
        .dir(dir).project("bench").silent(true).console(mode).build());
    double[] millis = new double[rounds];
    double[] cpuMillis = new double[rounds];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < lines; i++) {
        System.out.println("step " + i + " loss 0.123456 accuracy 0.987654");
      }
      millis[r] = (System.nanoTime() - t0) / 1e6;
      cpuMillis[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    long t0 = System.nanoTime();
    if (run != null) {
      run.finish();
    }
    double finishMillis = (System.nanoTime() - t0) / 1e6;
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double[] cpu = cpuMillis.clone();
    Arrays.sort(cpu);
    report.printf("console=%s lines=%d rounds(ms)=%s median=%.1f ms (%.0f ns/line),"
        + " printing thread CPU median=%.1f ms, finish=%.0f ms%n",
        mode, lines, Arrays.toString(Arrays.stream(millis).map(m -> Math.round(m * 10) / 10.0)
            .toArray()), sorted[rounds / 2], sorted[rounds / 2] * 1e6 / lines, cpu[rounds / 2],
        finishMillis);
  }
}
