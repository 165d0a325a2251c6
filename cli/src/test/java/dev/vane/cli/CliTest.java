package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.RunLogWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome execute(String... args) {
    CommandLine cl = VaneCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void versionAndHelpNameEveryCommand() {
    Outcome v = execute("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().matches("vane \\d+\\.\\d+\\.\\d+.*\\s*"), v.out());
    Outcome h = execute("--help");
    assertEquals(0, h.code());
    for (String cmd : new String[] {"server", "sync", "login", "log", "demo"}) {
      assertTrue(h.out().contains(cmd), cmd + " in " + h.out());
    }
  }

  @Test
  void logDumpPrintsEveryRecordAsJsonLines() throws Exception {
    Path log = tmp.resolve("run-x.vane");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(new ConfigUpdate(Map.of("lr", 0.1)));
      w.append(new HistoryRow(Map.of("_step", 0, "loss", Double.NaN)));
    }
    Outcome o = execute("log", "dump", log.toString());
    assertEquals(0, o.code(), o.err());
    String[] lines = o.out().trim().split("\n");
    assertEquals(2, lines.length);
    JsonNode first = VaneJson.api().readTree(lines[0]);
    assertEquals(1, first.get("seq").asInt());
    assertEquals("config", first.get("type").asText());
    assertEquals(0.1, first.get("payload").get("values").get("lr").asDouble());
    JsonNode second = VaneJson.api().readTree(lines[1]);
    assertEquals("history", second.get("type").asText());
    assertEquals("NaN", second.get("payload").get("values").get("loss").asText());
  }

  @Test
  void logDumpOfACorruptLogPrintsThePrefixAndNamesTheOffset() throws Exception {
    Path log = tmp.resolve("run-y.vane");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(new ConfigUpdate(Map.of("a", 1)));
      w.append(new ConfigUpdate(Map.of("b", 2)));
    }
    byte[] bytes = Files.readAllBytes(log);
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(log, bytes);
    Outcome o = execute("log", "dump", log.toString());
    assertEquals(1, o.code());
    assertEquals(1, o.out().trim().split("\n").length);
    assertTrue(o.err().contains("corrupt frame at offset"), o.err());
  }

  @Test
  void logDumpOfAMissingFileIsAnErrorLineNotAStackTrace() {
    Outcome o = execute("log", "dump", tmp.resolve("nope.vane").toString());
    assertEquals(1, o.code());
    assertTrue(o.err().startsWith("vane: error:"), o.err());
    assertTrue(o.err().contains("nope.vane"), o.err());
  }
}
