package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Logs three steps, prints READY and its run path, then sleeps until it is signalled. Arguments:
 * PROJECT.
 */
public final class SleepingProgram {
  private SleepingProgram() {}

  public static void main(String[] args) throws InterruptedException {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    for (int i = 0; i < 3; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1)));
    }
    System.out.println("READY " + run.path());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
