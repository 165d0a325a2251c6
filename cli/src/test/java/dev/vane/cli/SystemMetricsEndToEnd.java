package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.SystemMetricsProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A program in its own JVM sampling system metrics every second against a real server: every
 * expected {@code system.*} series comes back through the system sampled endpoint with a point for
 * about every second of the run, none of them in the history. Shared by the short unit-suite
 * version and the 60 s acceptance IT.
 */
final class SystemMetricsEndToEnd {
  /** The series a machine without a GPU has (docs/sdk.md lists them). */
  static final Set<String> EXPECTED = Set.of("system.cpu", "system.proc.cpu",
      "system.memory_percent", "system.proc.memory.rssMB", "system.proc.memory.percent",
      "system.proc.memory.availableMB", "system.proc.cpu.threads", "system.disk.in",
      "system.disk.out", "system.network.sent", "system.network.recv", "system.disk.usagePercent",
      "system.disk.usageGB", "system.jvm.heap.usedMB", "system.jvm.heap.committedMB",
      "system.jvm.gc.timeMs", "system.jvm.gc.count", "system.jvm.threads");

  private SystemMetricsEndToEnd() {}

  /**
   * Runs the program for {@code seconds} and checks what the server holds. Offline, the run goes
   * to the server through {@code vane sync} afterwards.
   */
  static void check(Path tmp, String project, int seconds, boolean offline) throws Exception {
    try (TestServer server = new TestServer(tmp.resolve("server"))) {
      Path work = Files.createDirectories(tmp.resolve("work"));
      Map<String, String> env = new HashMap<>();
      env.put("VANE_BASE_URL", server.baseUrl());
      env.put("VANE_API_KEY", server.key);
      if (offline) {
        env.put("VANE_MODE", "offline");
      }
      ChildJvm.Result r = ChildJvm.run(work, env, ChildJvm.testClasspath(),
          SystemMetricsProgram.class.getName(), project, String.valueOf(seconds));
      assertEquals(0, r.exitCode(), r.err());
      Matcher m = Pattern.compile("RUN \\S*/(\\S+)").matcher(r.out());
      assertTrue(m.find(), r.out());
      String run = "/api/v1/runs/admin/" + project + "/" + m.group(1);
      if (offline) {
        Path runDir;
        try (Stream<Path> dirs = Files.list(work.resolve("vane"))) {
          runDir = dirs.filter(p -> p.getFileName().toString().startsWith("offline-run-"))
              .findFirst().orElseThrow();
        }
        ChildJvm.Result sync = ChildJvm.run(work, env, ChildJvm.testClasspath(),
            VaneCommand.class.getName(), "sync", runDir.toString());
        assertEquals(0, sync.exitCode(), sync.out() + sync.err());
      }
      assertEquals("finished", server.get(run).body().get("state").asText());

      JsonNode series = server.get(run + "/system/sampled?buckets=1000").body().get("series");
      Set<String> keys = new TreeSet<>();
      series.fieldNames().forEachRemaining(keys::add);
      // This machine has no GPU: no GPU keys, and no error about it.
      assertEquals(new TreeSet<>(EXPECTED), keys, r.err());
      // Sampling starts on its own thread after OSHI loads (about 2 s on a busy machine), and a
      // loaded CI machine may skip a tick: ask for two thirds of the run's seconds, at least one.
      long least = Math.max(1, seconds * 2L / 3 - 1);
      List<String> thin = new ArrayList<>();
      for (String key : EXPECTED) {
        long count = 0;
        for (JsonNode b : series.get(key)) {
          count += b.get("count").asLong();
        }
        if (count < least) {
          thin.add(key + "=" + count);
        }
      }
      assertTrue(thin.isEmpty(), "series with fewer than " + least + " points: " + thin);
      JsonNode cpu = series.get("system.cpu");
      double cpuMax = 0;
      for (JsonNode b : cpu) {
        cpuMax = Math.max(cpuMax, b.get("max").asDouble());
        assertTrue(b.get("min").asDouble() >= 0, b.toString());
      }
      assertTrue(cpuMax <= 100, cpu.toString());

      JsonNode rows = server.get(run + "/history").body().get("rows");
      for (JsonNode row : rows) {
        row.fieldNames().forEachRemaining(k -> assertFalse(k.startsWith("system."), k));
      }
      assertFalse(r.err().contains("WARNING"), r.err());
    }
  }
}
