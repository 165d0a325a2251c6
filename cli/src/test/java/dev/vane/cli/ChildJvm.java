package dev.vane.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a separate JVM, as a user's training program runs, and captures its output. */
final class ChildJvm {
  private ChildJvm() {}

  record Result(int exitCode, String out, String err) {}

  static Result run(Path workDir, Map<String, String> env, String classpath, String mainClass,
      String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("-cp", classpath, mainClass));
    cmd.addAll(List.of(args));
    return java(workDir, env, cmd);
  }

  /**
   * Runs {@code java ARGS} in {@code workDir}, isolated from the user's own settings: home, the
   * settings folder and every {@code VANE_*} variable are the test's.
   */
  static Result java(Path workDir, Map<String, String> env, List<String> javaArgs)
      throws IOException, InterruptedException {
    ProcessBuilder pb = isolated(workDir, env, javaArgs);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not end in 120 s: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code main} in a child JVM with stdout and stderr merged, for a test that reads its
   * output itself and may kill it at any moment.
   */
  static Process start(Path workDir, Map<String, String> env, List<String> jvmArgs,
      Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(jvmArgs);
    cmd.addAll(List.of("-cp", testClasspath(), main.getName()));
    cmd.addAll(List.of(args));
    return isolated(workDir, env, cmd).redirectErrorStream(true).start();
  }

  /** {@code java ARGS} in {@code workDir} with the test's home, settings folder and variables. */
  private static ProcessBuilder isolated(Path workDir, Map<String, String> env,
      List<String> javaArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.home=" + workDir);
    cmd.addAll(javaArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VANE_"));
    pb.environment().put("HOME", workDir.toString());
    pb.environment().put("VANE_CONFIG_DIR", workDir.resolve(".vane-config").toString());
    pb.environment().putAll(env);
    return pb;
  }

  /**
   * Starts a test program that prints {@code READY PATH} once its run is going, and waits for that
   * line, so the test can act on the live run (signal it, stop it).
   */
  static Live startLive(Path workDir, Map<String, String> env, Class<?> main, String... args)
      throws IOException {
    return startLive(workDir, env, List.of(), main, args);
  }

  /** {@link #startLive(Path, Map, Class, String...)} with JVM options such as {@code -Dx=y}. */
  static Live startLive(Path workDir, Map<String, String> env, List<String> jvmArgs,
      Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(jvmArgs);
    cmd.addAll(List.of("-cp", testClasspath(), main.getName()));
    cmd.addAll(List.of(args));
    Process p = isolated(workDir, env, cmd).redirectErrorStream(true).start();
    Live live = new Live(p, new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    for (String line; (line = live.nextLine()) != null; ) {
      if (line.startsWith("READY ")) {
        live.runPath = line.substring("READY ".length());
        return live;
      }
    }
    throw new AssertionError("the program ended before its run started:\n" + live.seen);
  }

  /** A running test program, its output read line by line and kept. */
  static final class Live {
    final Process process;
    private final BufferedReader out;
    final StringBuilder seen = new StringBuilder();
    String runPath;

    private Live(Process process, BufferedReader out) {
      this.process = process;
      this.out = out;
    }

    /** The next line of output (stdout and stderr together), or {@code null} at the end. */
    String nextLine() throws IOException {
      String line = out.readLine();
      if (line != null) {
        seen.append(line).append('\n');
      }
      return line;
    }

    /** Reads lines until one starts with {@code prefix} and returns it; fails at the end. */
    String awaitLine(String prefix) throws IOException {
      for (String line; (line = nextLine()) != null; ) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      throw new AssertionError("the program ended before printing " + prefix + ":\n" + seen);
    }

    /** Sends a line to the program's standard input. */
    void tell(String line) throws IOException {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    /** Reads the output to its end and waits for the program to exit. */
    void awaitExit() throws IOException, InterruptedException {
      while (nextLine() != null) {
        // kept in seen
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the program did not end in 60 s:\n" + seen);
      }
    }
  }

  /** The classpath of this test run: SDK, server, CLI and the test programs. */
  static String testClasspath() {
    return System.getProperty("java.class.path");
  }
}
