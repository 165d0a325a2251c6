package dev.vane;

/**
 * The training code given to {@link Vane#run(RunOptions, RunBody)}: it receives the started run
 * and may throw anything, which ends the run {@code failed}.
 */
@FunctionalInterface
public interface RunBody {

  /**
   * Runs the training code.
   *
   * @param run the started run, finished by {@link Vane#run(RunOptions, RunBody)} afterwards
   * @throws Exception anything; the run then ends failed with the stack trace recorded
   */
  void run(Run run) throws Exception;
}
