package dev.vane.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code vane server} in a process of its own, started from {@code cli/target/vane.jar}. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("^vane: server \\S+ listening on (\\S+)$");

  final Process process;
  final String baseUrl;
  final String key;
  final Path data;

  private ServerProcess(Process process, String baseUrl, String key, Path data) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.key = key;
    this.data = data;
  }

  /** Starts a server on a free port with its data in {@code data}, the JVM given {@code jvmArgs}. */
  static ServerProcess start(Path jar, Path data, List<String> jvmArgs, List<String> serverArgs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString(), "server", "--port", "0", "--data", data.toString()));
    cmd.addAll(serverArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String url = null;
    StringBuilder seen = new StringBuilder();
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
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
    drain.setDaemon(true);
    drain.start();
    String key = Files.readString(data.resolve("admin-api-key")).trim();
    return new ServerProcess(p, url, key, data);
  }

  /** The peak resident set size of the server process in bytes (VmHWM), or -1 when unknown. */
  long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
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
