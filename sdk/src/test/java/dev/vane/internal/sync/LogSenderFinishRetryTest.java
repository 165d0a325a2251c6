package dev.vane.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.Console;
import dev.vane.internal.Diagnostics;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.RunLogWriter;
import dev.vane.protocol.wire.UpsertResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live run's sender once {@code finish()} has marked the log complete: {@code finish()} gives up
 * after 15 s without an answer, so the sender must keep trying through that window. Found by the
 * server SIGKILL suite's kill during finish: the back-off, doubling from 0.5 s, left the last 8 s
 * or more of the window without a single try, and a server back after about 7.5 s was never
 * reached again; the run then asked for {@code vane sync}.
 */
class LogSenderFinishRetryTest {
  @TempDir Path tmp;

  @Test
  void aFinishingRunTriesTheServerAtLeastEverySecondHoweverLongItIsAway() throws Exception {
    Path log = tmp.resolve("run-r1.vane");
    RunStart start = new RunStart("r1", "e", "p", null, null, null, null, null, null,
        System.currentTimeMillis() / 1000.0, "writer-1", "online");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(start);
      w.append(new HistoryRow(Map.of("_step", 0, "loss", 0.5)));
    }
    UpsertResult upserted = new UpsertResult("e", "p", "r1", "n", 1, true, false, 0, null, null,
        0, null, null, null, null);
    List<Long> tries = new CopyOnWriteArrayList<>();
    try (ServerSocket down = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // A server that drops every connection unanswered, as one killed and not yet back.
      Thread acceptor = new Thread(() -> {
        while (!down.isClosed()) {
          try (Socket s = down.accept()) {
            tries.add(System.nanoTime());
          } catch (IOException e) {
            return;
          }
        }
      }, "dropping-server");
      acceptor.setDaemon(true);
      acceptor.start();
      ApiClient api = new ApiClient("http://127.0.0.1:" + down.getLocalPort(), "key");
      Diagnostics diag = new Diagnostics(new Console(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true));
      LogSender sender = new LogSender(api, log, start, upserted, diag,
          new LogSender.Listener() {}, true);
      sender.markComplete(); // what finish() does first
      long began = System.nanoTime();
      long end = began + TimeUnit.SECONDS.toNanos(7);
      assertEquals(LogSender.State.STOPPED, sender.runUntil(end));

      // The doubling back-off alone waits 2 to 4 s before its fifth try, within these 7 s.
      List<Long> times = new ArrayList<>(tries);
      times.add(0, began);
      times.add(end);
      long longestGapMillis = 0;
      for (int i = 1; i < times.size(); i++) {
        longestGapMillis = Math.max(longestGapMillis,
            TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
      }
      assertTrue(longestGapMillis <= 1_900,
          "longest time without a try: " + longestGapMillis + " ms (" + tries.size() + " tries)");
      assertTrue(tries.size() >= 6, "tries in 7 s: " + tries.size());
    }
  }
}
