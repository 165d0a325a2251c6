package dev.vane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.RunLogReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vane log}: tools for run log files. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Inspect run log files (run-ID.vane).",
    subcommands = LogCommand.Dump.class)
final class LogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code vane log dump FILE}: prints every frame as a JSON line. */
  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = "Print the records of a run log as JSON lines; exit 1 when the log is torn or corrupt.")
  static final class Dump implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A run log (run-ID.vane) or a run folder holding one.")
    Path file;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path log = RunLogFiles.resolve(file);
      try (RunLogReader reader = RunLogReader.open(log)) {
        for (Frame f; (f = reader.next()) != null; ) {
          out.println(line(f));
        }
        out.flush();
        if (!reader.end().isClean()) {
          err.println("vane: " + log + ": " + reader.end());
          err.flush();
          return 1;
        }
      }
      return 0;
    }

    private static String line(Frame f) throws IOException {
      ObjectNode node = VaneJson.api().createObjectNode();
      node.put("offset", f.offset());
      node.put("seq", f.seq());
      RecordType type = f.recordType();
      node.put("type", type == null ? "unknown-" + f.type() : type.name().toLowerCase(Locale.ROOT));
      try {
        JsonNode payload = VaneJson.records().readTree(f.payload());
        node.set("payload", payload);
      } catch (IOException e) {
        node.put("payloadText", new String(f.payload(), StandardCharsets.UTF_8));
      }
      return VaneJson.api().writeValueAsString(node);
    }
  }

  /** Finds the run log in a path that is a log or a run folder. */
  static final class RunLogFiles {
    private RunLogFiles() {}

    static Path resolve(Path path) throws IOException {
      if (!Files.isDirectory(path)) {
        return path;
      }
      try (var files = Files.list(path)) {
        return files.filter(p -> p.getFileName().toString().endsWith(".vane")).findFirst()
            .orElseThrow(() -> new IOException("no run log (*.vane) in " + path));
      }
    }
  }
}
