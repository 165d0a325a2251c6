package dev.vane.internal.sync;

import dev.vane.internal.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A one-line progress bar redrawn in place:
 * {@code vane: syncing offline-run-... [#########-----] 540/1000 records}. Redraws at most every
 * 100 ms; {@link #done(long)} draws the last state and ends the line.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final String label;
  private final long total;
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream target, String label, long total) {
    this.out = new PrintStream(target, true, StandardCharsets.UTF_8);
    this.label = label;
    this.total = total;
  }

  synchronized void update(long done) {
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(done);
  }

  synchronized void done(long done) {
    draw(done);
    out.print(System.lineSeparator());
    out.flush();
  }

  private void draw(long done) {
    long d = Math.max(0, Math.min(done, total));
    int filled = total == 0 ? WIDTH : (int) (d * WIDTH / total);
    out.print((drawn ? "\r" : "") + render(label, filled, d, total));
    out.flush();
    drawn = true;
  }

  static String render(String label, int filled, long done, long total) {
    return Console.PREFIX + "syncing " + label + " [" + "#".repeat(filled)
        + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " records";
  }
}
