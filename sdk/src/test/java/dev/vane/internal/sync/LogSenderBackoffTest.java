package dev.vane.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.TestSupport;
import dev.vane.internal.Console;
import dev.vane.internal.Diagnostics;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.RunLogWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender's retry waits while the server is away. The run log's flusher wakes the sender every
 * 200 ms while the program logs; that wake once cut every back-off short, so a live run retried
 * five times a second for as long as an outage lasted.
 */
class LogSenderBackoffTest {
  @TempDir Path tmp;

  @Test
  void wakesForNewFramesDoNotShortenRetryWaitsButTheEndOfTheLogDoes() throws Exception {
    Path log = tmp.resolve("run-abc.vane");
    RunStart start = new RunStart("abc", null, "p", null, null, List.of(), null, null, Map.of(),
        1.7e9, "writer", "online", null, null);
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(start);
    }
    Path debugLog = tmp.resolve("debug.log");
    Diagnostics diag = new Diagnostics(new Console(
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true));
    diag.openDebugLog(debugLog);
    ApiClient api = new ApiClient("http://127.0.0.1:" + TestSupport.deadPort(), "k");
    LogSender sender = new LogSender(api, log, start, null, diag, new LogSender.Listener() {},
        true);
    Thread t = new Thread(sender, "sender-under-test");
    t.setDaemon(true);
    t.start();
    try {
      // As the flusher of a program logging fast: a wake every 20 ms for 3 s.
      for (int i = 0; i < 150; i++) {
        sender.wake();
        Thread.sleep(20);
      }
      long tries = tries(debugLog);
      // Waits of 0.25-0.5 s, 0.5-1 s, 1-2 s, 2-4 s: 3 to 5 tries in 3 s; a wake that cut them
      // short would make about 150.
      assertTrue(tries >= 2 && tries <= 6, tries + " tries in 3 s");

      // The program finishes and waits for the upload: one more try at once, not after the wait.
      sender.markComplete();
      Thread.sleep(300);
      assertEquals(tries + 1, tries(debugLog), "a try right after markComplete");
    } finally {
      sender.stop();
      t.join(5000);
    }
  }

  private static long tries(Path debugLog) throws Exception {
    return Files.readAllLines(debugLog).stream()
        .filter(l -> l.contains("creating the run failed")).count();
  }
}
