package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.time.Duration;

/**
 * Starts a run with a 30 s heartbeat interval, prints READY and its run path, then sleeps without
 * logging. Its stop handler prints {@code ON_STOP} and interrupts the sleep; the program then
 * prints {@code INTERRUPTED} and returns. Arguments: PROJECT.
 */
public final class IdleProgram {
  private IdleProgram() {}

  public static void main(String[] args) {
    Thread main = Thread.currentThread();
    var run = Vane.init(RunOptions.builder().project(args[0])
        .heartbeatInterval(Duration.ofSeconds(30))
        .onStop(() -> {
          System.out.println("ON_STOP");
          System.out.flush();
          main.interrupt();
        }).build());
    System.out.println("READY " + run.path());
    System.out.flush();
    try {
      Thread.sleep(120_000);
    } catch (InterruptedException e) {
      System.out.println("INTERRUPTED");
      System.out.flush();
    }
  }
}
