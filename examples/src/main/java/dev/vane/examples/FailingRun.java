package dev.vane.examples;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * {@code Vane.run}: when the training body throws, the run ends {@code failed} with exit code 1 and
 * the stack trace recorded, and the exception reaches the caller.
 */
public final class FailingRun {
  private FailingRun() {}

  /** Runs the example; it ends with the exception the body throws. */
  public static void main(String[] args) throws Exception {
    Vane.run(RunOptions.builder().project("examples").build(), run -> {
      for (int step = 0; step < 5; step++) {
        run.log(Map.of("loss", 1.0 / (step + 1)));
      }
      throw new IllegalStateException("diverged at step 5");
    });
  }
}
