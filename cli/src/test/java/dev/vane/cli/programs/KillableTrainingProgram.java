package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;

/**
 * A training program for the SIGKILL suite, which kills it at a random moment. It prints {@code
 * PHASE init} before starting its run, {@code PHASE logging} once the run is going, {@code PHASE
 * finishing} before {@code finish()} and {@code PHASE done} after it, so the test can aim a kill
 * at each part. It logs {@link TrainingRows#row} for steps 0 to STEPS-1, pausing PAUSE_MILLIS
 * every ten steps so the logging spans several flushes of the run log. Arguments: PROJECT RUN_ID
 * STEPS PAUSE_MILLIS.
 */
public final class KillableTrainingProgram {
  private KillableTrainingProgram() {}

  public static void main(String[] args) throws InterruptedException {
    int steps = Integer.parseInt(args[2]);
    long pauseMillis = Long.parseLong(args[3]);
    phase("init");
    var run = Vane.init(RunOptions.builder().project(args[0]).id(args[1]).build());
    phase("logging");
    for (int i = 0; i < steps; i++) {
      run.log(TrainingRows.row(i));
      if (i % 10 == 9) {
        Thread.sleep(pauseMillis);
      }
    }
    phase("finishing");
    run.finish();
    phase("done");
  }

  private static void phase(String name) {
    System.out.println("PHASE " + name);
    System.out.flush();
  }
}
