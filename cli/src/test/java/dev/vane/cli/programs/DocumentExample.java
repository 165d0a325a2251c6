package dev.vane.cli.programs;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;
import java.util.Random;

/**
 * The document's second snippet, written with the pinned API only: entity and project from the
 * arguments, {@code learning_rate} and {@code epochs} in the config, 10 epochs of accuracy and loss.
 * Arguments: ENTITY PROJECT [ID].
 */
public final class DocumentExample {
  private DocumentExample() {}

  public static void main(String[] args) {
    RunOptions.Builder b = RunOptions.builder().entity(args[0]).project(args[1])
        .config(Map.of("learning_rate", 0.01, "epochs", 10));
    if (args.length > 2) {
      b.id(args[2]);
    }
    Random random = new Random(42);
    try (Run run = Vane.init(b.build())) {
      double offset = random.nextDouble() / 5;
      for (int epoch = 0; epoch < 10; epoch++) {
        double acc = 1 - Math.pow(2, -epoch) - random.nextDouble() / (epoch + 1) - offset;
        double loss = Math.pow(2, -epoch) + random.nextDouble() / (epoch + 1) + offset;
        System.out.println("epoch=" + epoch + ", accuracy=" + acc + ", loss=" + loss);
        run.log(Map.of("accuracy", acc, "loss", loss));
      }
      System.out.println("RUN " + run.path() + " " + run.name() + " " + run.dir());
    }
  }
}
