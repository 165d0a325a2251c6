package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/** {@code Vane.run} whose body throws after two steps. Arguments: PROJECT ID. */
public final class RunBodyProgram {
  private RunBodyProgram() {}

  public static void main(String[] args) throws Exception {
    try {
      Vane.run(RunOptions.builder().project(args[0]).id(args[1]).build(), run -> {
        run.log(Map.of("loss", 0.5));
        run.log(Map.of("loss", 0.25));
        throw new UnsupportedOperationException("body failed on purpose");
      });
    } catch (UnsupportedOperationException e) {
      System.out.println("RETHROWN " + e.getMessage());
    }
  }
}
