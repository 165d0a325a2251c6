package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A program the test drives through standard input. Logs five steps, prints {@code DIR} with its
 * run directory and {@code READY} with its run path, then for each input line: {@code more} logs
 * five more steps and prints {@code LOGGED}; {@code finish} finishes the run, prints {@code
 * FINISHED} and returns. Between lines it waits (a SIGKILL may end it there). Arguments: PROJECT.
 */
public final class ControlledProgram {
  private ControlledProgram() {}

  public static void main(String[] args) throws IOException {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    int step = 0;
    for (; step < 5; step++) {
      run.log(Map.of("loss", 1.0 / (step + 1)));
    }
    System.out.println("DIR " + run.dir());
    System.out.println("READY " + run.path());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("more")) {
        for (int end = step + 5; step < end; step++) {
          run.log(Map.of("loss", 1.0 / (step + 1)));
        }
        System.out.println("LOGGED");
      } else if (line.equals("finish")) {
        run.finish();
        System.out.println("FINISHED");
        System.out.flush();
        return;
      }
      System.out.flush();
    }
  }
}
