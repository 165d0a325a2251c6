package dev.vane.cli;

import java.io.IOException;
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
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.home=" + workDir);
    cmd.addAll(javaArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VANE_"));
    pb.environment().put("HOME", workDir.toString());
    pb.environment().put("VANE_CONFIG_DIR", workDir.resolve(".vane-config").toString());
    pb.environment().putAll(env);
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

  /** The classpath of this test run: SDK, server, CLI and the test programs. */
  static String testClasspath() {
    return System.getProperty("java.class.path");
  }
}
