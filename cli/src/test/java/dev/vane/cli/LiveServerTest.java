package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests share: a real server in a temporary folder, a working directory for
 * the child programs, and the environment that points them at the server.
 */
abstract class LiveServerTest {
  @TempDir Path tmp;
  TestServer server;
  Path work;

  @BeforeEach
  void startServer() throws IOException {
    server = new TestServer(tmp.resolve("server"));
    work = Files.createDirectories(tmp.resolve("work"));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** {@code VANE_BASE_URL} and {@code VANE_API_KEY} of the server; a new map each time. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("VANE_BASE_URL", server.baseUrl());
    env.put("VANE_API_KEY", server.key);
    return env;
  }

  /** Runs {@code main} in a child JVM in the working directory, to its end. */
  ChildJvm.Result run(Map<String, String> env, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return ChildJvm.run(work, env, ChildJvm.testClasspath(), main.getName(), args);
  }

  /** The run path a test program printed as {@code RUN entity/project/id}. */
  static String runPath(String stdout) {
    Matcher m = Pattern.compile("RUN (\\S+)").matcher(stdout);
    assertTrue(m.find(), "program printed its run path: " + stdout);
    return m.group(1);
  }
}
