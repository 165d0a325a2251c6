package dev.vane;

import java.nio.file.Path;
import java.util.Map;

/** A program for {@link ShutdownHookTest}: starts a run and ends without finishing it. */
public final class ExitChild {
  private ExitChild() {}

  /** {@code ExitChild DIR throw|return|wait} (wait: prints READY and sleeps, to be signalled). */
  public static void main(String[] args) {
    Run run = Vane.init(RunOptions.builder().mode("offline").dir(Path.of(args[0])).id("child")
        .build());
    for (int i = 0; i < 3; i++) {
      run.log(Map.of("loss", 1.0 / (i + 1)));
    }
    run.log(Map.of("pending", 1), 10);
    if (args[1].equals("throw")) {
      throw new IllegalStateException("training diverged");
    }
    if (args[1].equals("wait")) {
      System.out.println("READY");
      System.out.flush();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
