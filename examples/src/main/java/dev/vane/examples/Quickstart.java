package dev.vane.examples;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;
import java.util.Random;

/**
 * The README's example: a simulated training loop of 10 epochs logged to the server named by
 * {@code VANE_BASE_URL} with the key in {@code VANE_API_KEY}.
 *
 * <pre>
 * java -cp cli/target/vane.jar:examples/target/classes dev.vane.examples.Quickstart
 * </pre>
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the example. */
  public static void main(String[] args) {
    Random random = new Random();
    double acc = 0;
    double loss = 1;
    try (Run run = Vane.init(RunOptions.builder().project("awesome-project")
        .config(Map.of("learning_rate", 0.01, "epochs", 10)).build())) {
      for (int epoch = 0; epoch < 10; epoch++) {
        acc = acc + (1 - acc) * 0.3 * random.nextDouble();
        loss = loss * (0.6 + 0.3 * random.nextDouble());
        run.log(Map.of("accuracy", acc, "loss", loss));
      }
    }
  }
}
