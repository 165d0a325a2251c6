package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Logs five steps, prints READY and its run path, then keeps running for two minutes, ignoring
 * every interrupt (printing {@code IGNORED} for each): a program that does not react to the
 * default stop handler's interrupt. Arguments: PROJECT.
 */
public final class StubbornProgram {
  private StubbornProgram() {}

  public static void main(String[] args) {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    for (int step = 0; step < 5; step++) {
      run.log(Map.of("loss", 1.0 / (step + 1)));
    }
    System.out.println("READY " + run.path());
    System.out.flush();
    long until = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() - until < 0) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        System.out.println("IGNORED");
        System.out.flush();
      }
    }
  }
}
