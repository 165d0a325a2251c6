package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Logs a step every 50 ms until its thread is interrupted (the SDK's default stop handler), then
 * prints {@code INTERRUPTED} and returns without finishing the run. Arguments: PROJECT.
 */
public final class StoppableProgram {
  private StoppableProgram() {}

  public static void main(String[] args) {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    System.out.println("READY " + run.path());
    System.out.flush();
    try {
      for (int step = 0; step < 2_400; step++) {
        run.log(Map.of("loss", 1.0 / (step + 1)));
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      System.out.println("INTERRUPTED");
      System.out.flush();
    }
  }
}
