package dev.vane;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.RunLogReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers shared by the tests: a captured terminal, runs with explicit settings, log reading. */
public final class TestSupport {
  private TestSupport() {}

  /** A terminal whose bytes are kept. */
  public static final class Terminal {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** The stream to hand to the SDK. */
    public final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Everything printed, decoded as UTF-8. */
    public String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The printed lines. */
    public List<String> lines() {
      return text().lines().toList();
    }
  }

  /** Starts a run with the given environment and no settings file. */
  public static Run start(RunOptions options, Map<String, String> env, Terminal terminal) {
    return RunLauncher.start(options, Settings.load(env, null), terminal.stream);
  }

  /** The records of a run log, in order. */
  public static List<RecordPayload> records(Path log) {
    List<RecordPayload> out = new ArrayList<>();
    try (RunLogReader r = RunLogReader.open(log)) {
      for (Frame f; (f = r.next()) != null; ) {
        out.add(f.decode());
      }
      if (!r.end().isClean()) {
        throw new AssertionError("log not clean: " + r.end());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The only run log in a run directory. */
  public static Path runLog(Path runDir) {
    try (Stream<Path> s = Files.list(runDir)) {
      Path log = s.filter(p -> p.toString().endsWith(".vane")).findFirst().orElse(null);
      assertNotNull(log, "no run log in " + runDir);
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A local port nothing listens on (bound then released). */
  public static int deadPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payloads of one type. */
  public static <T extends RecordPayload> List<T> only(List<RecordPayload> records, Class<T> type) {
    return records.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
