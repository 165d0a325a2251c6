package dev.vane;

import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;

/**
 * The front door of the SDK: starts runs.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *     .project("awesome-project")
 *     .config(Map.of("learning_rate", 0.01, "epochs", 10))
 *     .build();
 * try (Run run = Vane.init(options)) {
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     double loss = train(epoch);
 *     run.log(Map.of("loss", loss));
 *   }
 * }
 * }</pre>
 *
 * <p>Or let Vane finish the run, {@code failed} if the training code throws:
 *
 * <pre>{@code
 * Vane.run(options, run -> {
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     run.log(Map.of("loss", train(epoch)));
 *   }
 * });
 * }</pre>
 *
 * <p>The server and API key come from {@code VANE_BASE_URL} and {@code VANE_API_KEY}, or from
 * {@code ~/.vane/settings} written by {@code vane login} (see {@link RunOptions}).
 */
public final class Vane {
  private Vane() {}

  /**
   * Starts a run with options from the environment and defaults only.
   *
   * @see #init(RunOptions)
   */
  public static Run init() {
    return init(RunOptions.builder().build());
  }

  /**
   * Starts a run. Online, this creates the run on the server (waiting a few seconds at most): when
   * the server cannot be reached, the run is logged locally and the upload retried in the
   * background. A run not finished when the JVM exits is finished by a shutdown hook: failed, with
   * the stack trace, when an uncaught exception was seen, finished otherwise.
   *
   * @throws VaneException when the server refuses the run: a bad or missing API key, an ID that is
   *     taken or belonged to a deleted run, or settings the server rejects
   * @throws IllegalArgumentException when a setting from the environment or the settings file is
   *     invalid (the message names it)
   */
  public static Run init(RunOptions options) {
    return RunLauncher.start(options, Settings.load(), System.err);
  }

  /**
   * Starts a run, runs {@code body} with it and finishes it. When the body throws, the run ends
   * {@code failed} (exit code 1) with the stack trace recorded, and the same exception is thrown
   * on.
   *
   * @return the finished run, whose {@link Run#id()}, {@link Run#path()} and {@link Run#url()}
   *     stay available
   * @throws Exception whatever the body throws
   * @throws VaneException when the run cannot start (see {@link #init(RunOptions)})
   */
  public static Run run(RunOptions options, RunBody body) throws Exception {
    return RunLauncher.runBody(init(options), body);
  }
}
