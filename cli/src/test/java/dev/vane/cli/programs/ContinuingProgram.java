package dev.vane.cli.programs;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.util.Map;

/**
 * Starts, continues, forks or rewinds a run, logs {@code steps} rows {@code {gen, i}} and ends
 * with {@code exit}. Arguments: PROJECT then any of {@code id=ID resume=MODE forkFrom=RUN?_step=N
 * resumeFrom=RUN?_step=N steps=N gen=G exit=CODE hold=true config=KEY:VALUE group=G jobType=J
 * tags=A,B setName=N setNotes=N setTags=A,B}; the set... ones are called after logging. Prints {@code RUN
 * PATH}, the config and summary it sees at start, and with {@code hold=true} {@code READY PATH}
 * before sleeping. {@code exit} other than 0 ends the JVM with that code after finishing failed.
 */
public final class ContinuingProgram {
  private ContinuingProgram() {}

  public static void main(String[] args) throws InterruptedException {
    RunOptions.Builder b = RunOptions.builder().project(args[0]);
    int steps = 3;
    long gen = 1;
    int exit = 0;
    boolean hold = false;
    Map<String, String> later = new java.util.LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "id" -> b.id(kv[1]);
        case "resume" -> b.resume(kv[1]);
        case "forkFrom" -> b.forkFrom(kv[1]);
        case "resumeFrom" -> b.resumeFrom(kv[1]);
        case "steps" -> steps = Integer.parseInt(kv[1]);
        case "gen" -> gen = Long.parseLong(kv[1]);
        case "exit" -> exit = Integer.parseInt(kv[1]);
        case "hold" -> hold = Boolean.parseBoolean(kv[1]);
        case "disableCapture" -> b.disableCapture(kv[1].split(","));
        case "group" -> b.group(kv[1]);
        case "jobType" -> b.jobType(kv[1]);
        case "tags" -> b.tags(kv[1].split(","));
        case "setName", "setNotes", "setTags" -> later.put(kv[0], kv[1]);
        case "config" -> {
          String[] c = kv[1].split(":", 2);
          b.config(Map.of(c[0], c[1]));
        }
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Run run = Vane.init(b.build());
    System.out.println("RUN " + run.path());
    System.out.println("CONFIG " + run.config().asMap());
    System.out.println("SUMMARY " + run.summary().asMap());
    for (int i = 0; i < steps; i++) {
      run.log(Map.of("gen", gen, "i", (long) i));
    }
    later.forEach((k, v) -> {
      switch (k) {
        case "setName" -> run.setName(v);
        case "setNotes" -> run.setNotes(v);
        default -> run.setTags(v.split(","));
      }
    });
    System.out.println("DETAILS " + run.name() + "|" + run.notes() + "|" + run.tags() + "|"
        + run.group() + "|" + run.jobType());
    if (hold) {
      System.out.println("READY " + run.path());
      System.out.flush();
      Thread.sleep(120_000);
    }
    run.finish(exit);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
