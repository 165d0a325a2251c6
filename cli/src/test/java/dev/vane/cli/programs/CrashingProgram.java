package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Logs three steps and then dies of an uncaught exception without calling finish. Arguments:
 * PROJECT.
 */
public final class CrashingProgram {
  private CrashingProgram() {}

  public static void main(String[] args) {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    for (int i = 0; i < 3; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1)));
    }
    System.out.println("RUN " + run.path());
    throw new IllegalStateException("loss diverged");
  }
}
