package dev.vane.cli;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vane demo}: the simulated training loop of W&B's "What are runs?" page, logged to the
 * configured server with the SDK's public API.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Log a simulated training run (accuracy and loss over 10 epochs) to the configured server.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--entity", description = "Entity (default: VANE_ENTITY, else the API key's user).")
  String entity;

  @Option(names = "--project", description = "Project (default: VANE_PROJECT, else awesome-project).")
  String project;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs to simulate (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate to record in the config (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--offline", description = "Record locally only; upload later with vane sync.")
  boolean offline;

  @Override
  public Integer call() {
    String proj = project != null ? project
        : System.getenv().getOrDefault("VANE_PROJECT", "awesome-project");
    RunOptions.Builder options = RunOptions.builder()
        .project(proj)
        .config(Map.of("learning_rate", lr, "epochs", epochs));
    if (entity != null) {
      options.entity(entity);
    }
    if (offline) {
      options.mode("offline");
    }
    Random random = new Random();
    try (Run run = Vane.init(options.build())) {
      double offset = random.nextDouble() / 5;
      System.out.println("lr: " + lr);
      for (int epoch = 0; epoch < epochs; epoch++) {
        double acc = 1 - Math.pow(2, -epoch) - random.nextDouble() / (epoch + 1) - offset;
        double loss = Math.pow(2, -epoch) + random.nextDouble() / (epoch + 1) + offset;
        System.out.println("epoch=" + epoch + ", accuracy=" + acc + ", loss=" + loss);
        run.log(Map.of("accuracy", acc, "loss", loss));
      }
    }
    return 0;
  }
}
