package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.ConsoleProgram;
import dev.vane.cli.programs.CrashingProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Console capture in child JVMs: what they print comes back through the logs API. */
class ConsoleEndToEndTest extends LiveServerTest {
  private static final List<String> PRINTED = List.of(
      "stdout:RUN ",
      "stdout:out 0", "stderr:err 0",
      "stdout:out 1", "stderr:err 1",
      "stdout:out 2", "stderr:err 2",
      "stdout:progress 100%",
      "stdout:\u001b[31mred alert\u001b[0m",
      "stdout:last words");


  /** All the run's lines as {@code stream:text}, paging two at a time to cover paging too. */
  private List<String> logs(String path) throws Exception {
    List<String> lines = new ArrayList<>();
    long offset = 0;
    while (true) {
      TestServer.Response r =
          server.get("/api/v1/runs/" + path + "/logs?limit=2&offset=" + offset);
      assertEquals(200, r.status(), String.valueOf(r.body()));
      for (JsonNode l : r.body().get("lines")) {
        assertEquals(lines.size(), l.get("line").asLong());
        assertTrue(l.get("time").asText().endsWith("Z"), l.toString());
        lines.add(l.get("stream").asText() + ":" + l.get("text").asText());
      }
      if (r.body().get("nextOffset").isNull()) {
        assertEquals(lines.size(), r.body().get("total").asLong());
        return lines;
      }
      offset = r.body().get("nextOffset").asLong();
    }
  }

  private static void assertPrinted(String path, List<String> lines) {
    List<String> expected = new ArrayList<>(PRINTED);
    expected.set(0, "stdout:RUN " + path);
    assertEquals(expected, lines);
  }

  @Test
  void printedLinesComeBackThroughTheLogsApiInOrder() throws Exception {
    ChildJvm.Result r = run(env(), ConsoleProgram.class, "console");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("out 2\n"), "the terminal still gets stdout: " + r.out());
    assertTrue(r.out().contains("\rprogress 50%\rprogress 60%"), r.out());
    assertTrue(r.err().contains("err 1\n"), "and stderr: " + r.err());
    String path = runPath(r.out());
    assertPrinted(path, logs(path));

    Path local = work.resolve("vane/latest-run/files/output.log");
    assertTrue(Files.isRegularFile(local), "files/output.log is written");
    assertTrue(Files.readString(local).contains("out 0\nerr 0\nout 1\n"), Files.readString(local));
    JsonNode files = server.get("/api/v1/runs/" + path + "/files").body().get("files");
    assertTrue(files.toString().contains("\"output.log\""), "and uploaded: " + files);
    assertTrue(
        server.get("/api/v1/runs/" + path + "/logs?limit=0").status() == 400, "bad limit");
  }

  @Test
  void offlineRunsCarryTheirLinesThroughSync() throws Exception {
    Map<String, String> env = env();
    env.put("VANE_MODE", "offline");
    ChildJvm.Result r = run(env, ConsoleProgram.class, "console-offline");
    assertEquals(0, r.exitCode(), r.err());
    String path = runPath(r.out());
    Path runDir;
    try (Stream<Path> dirs = Files.list(work.resolve("vane"))) {
      runDir = dirs.filter(p -> p.getFileName().toString().startsWith("offline-run-"))
          .findFirst().orElseThrow();
    }
    ChildJvm.Result sync = run(env(), VaneCommand.class, "sync", runDir.toString());
    assertEquals(0, sync.exitCode(), sync.out() + sync.err());
    String synced = "admin" + path; // offline, the program knew no entity: "/project/id"
    assertPrinted(path, logs(synced));
    ChildJvm.Result again = run(env(), VaneCommand.class, "sync", runDir.toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertPrinted(path, logs(synced));
  }

  @Test
  void consoleOffRecordsNothing() throws Exception {
    Map<String, String> env = env();
    env.put("VANE_CONSOLE", "off");
    ChildJvm.Result r = run(env, ConsoleProgram.class, "console-off");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("out 2\n"), r.out());
    String path = runPath(r.out());
    assertEquals(List.of(), logs(path));
    assertTrue(!Files.exists(work.resolve("vane/latest-run/files/output.log")));
  }

  @Test
  void anUncaughtExceptionsStackTraceIsInTheLogs() throws Exception {
    ChildJvm.Result r = run(env(), CrashingProgram.class, "console-crash");
    assertNotEquals(0, r.exitCode());
    assertTrue(r.err().contains("loss diverged"), r.err());
    String path = runPath(r.out());
    assertEquals("failed", server.get("/api/v1/runs/" + path).body().get("state").asText());
    List<String> lines = logs(path);
    assertEquals("stdout:RUN " + path, lines.get(0));
    assertTrue(lines.contains(
        "stderr:Exception in thread \"main\" java.lang.IllegalStateException: loss diverged"),
        lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("stderr:\tat dev.vane.cli.programs"
        + ".CrashingProgram.main(")), lines.toString());
  }
}
