package dev.vane.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vane server} in an OS process of its own (the CLI's main class on the test classpath), on
 * a fixed port and data folder, so a test can SIGKILL it and start it again where it was.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("^vane: server \\S+ listening on (\\S+)$");

  final Process process;
  final String baseUrl;
  /** What the server printed, for failure messages. */
  final StringBuffer output = new StringBuffer();

  private ServerProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts a server on {@code port} with its data in {@code data}; returns once it listens. */
  static ServerProcess start(Path data, int port) throws IOException {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Quicker to start on a busy machine: every restart is on the suite's clock.
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", ChildJvm.testClasspath(), VaneCommand.class.getName(),
        "server", "--port", Integer.toString(port), "--data", data.toString())
        .redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String url = null;
    for (String line; url == null && (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.matches()) {
        url = m.group(1);
      }
    }
    if (url == null) {
      p.destroyForcibly();
      throw new IOException("the server did not start:\n" + seen);
    }
    ServerProcess server = new ServerProcess(p, url);
    server.output.append(seen);
    // Drained, so a chatty server never blocks on a full pipe.
    Thread drain = new Thread(() -> out.lines().forEach(l -> server.output.append(l).append('\n')),
        "server-output");
    drain.setDaemon(true);
    drain.start();
    return server;
  }

  /** The admin API key the first start wrote to the data folder. */
  static String adminKey(Path data) throws IOException {
    return Files.readString(data.resolve("admin-api-key")).trim();
  }

  /** SIGKILL: no shutdown hook, no closing of the database; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the server survived SIGKILL for 30 s");
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
