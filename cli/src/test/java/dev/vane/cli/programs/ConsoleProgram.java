package dev.vane.cli.programs;

import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Prints interleaved stdout and stderr lines, a carriage-return progress bar, an ANSI-coloured line
 * and a last line without newline while a run lives. Arguments: PROJECT.
 */
public final class ConsoleProgram {
  private ConsoleProgram() {}

  public static void main(String[] args) {
    var run = Vane.init(RunOptions.builder().project(args[0]).build());
    System.out.println("RUN " + run.path());
    for (int i = 0; i < 3; i++) {
      System.out.println("out " + i);
      System.err.println("err " + i);
      run.log(Map.of("loss", 1.0 / (i + 1)));
    }
    for (int p = 0; p <= 100; p += 10) {
      System.out.print("\rprogress " + p + "%");
      System.out.flush();
    }
    System.out.println();
    System.out.println("\u001b[31mred alert\u001b[0m");
    System.out.print("last words");
    run.finish();
  }
}
