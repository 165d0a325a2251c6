package dev.vane.cli.programs;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Several runs in one JVM, each logging {@link TrainingRows#row} on a thread of its own every
 * PAUSE_MILLIS until the test says {@code finish} on standard input; then every run finishes and
 * the program prints {@code FINISHED}. Prints {@code READY} once every run has started. The
 * server-kill suite kills and restarts the server meanwhile. Arguments: PROJECT RUNS PAUSE_MILLIS;
 * the runs' IDs are {@code run-0}, {@code run-1}, ...
 */
public final class ConcurrentRunsProgram {
  private ConcurrentRunsProgram() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[1]);
    long pauseMillis = Long.parseLong(args[2]);
    AtomicBoolean finishing = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<Run> started = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      started.add(Vane.init(RunOptions.builder().project(args[0]).id("run-" + r).build()));
    }
    for (Run run : started) {
      Thread t = new Thread(() -> {
        try {
          for (long i = 0; !finishing.get(); i++) {
            run.log(TrainingRows.row(i));
            Thread.sleep(pauseMillis);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        run.finish(); // each run on its own thread: the runs' uploads end in parallel
      }, "training-" + run.id());
      threads.add(t);
      t.start();
    }
    System.out.println("READY " + runs);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null && !line.equals("finish"); ) {
      // wait for the test's word
    }
    finishing.set(true);
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("FINISHED");
    System.out.flush();
  }
}
