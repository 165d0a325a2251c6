package dev.vane.internal;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Cuts the bytes printed to one stream into complete lines, as a terminal shows them once the
 * program is done with them. A line ends at {@code \n} ({@code \r\n} counts as one newline). A
 * {@code \r} inside a line starts it over, so a progress bar redrawn with carriage returns keeps
 * only its last state (what W&B keeps too) instead of one line per redraw. Everything else, ANSI
 * colour sequences included, is kept verbatim for the UI to render.
 *
 * <p>Thread-safe: every method holds this object's lock, because the printing threads, the idle
 * flush of {@link ConsoleCapture}'s thread and the final flush all reach it.
 */
final class ConsoleLineSplitter {
  /**
   * The longest line kept whole, in bytes; a longer one is cut into pieces of this size, so a
   * program printing megabytes without a newline cannot make the SDK hold them all.
   */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** Receives each complete line. */
  interface Sink {
    /** A line of {@code stream} is complete; {@code text} has no line terminator. */
    void line(String stream, String text);
  }

  private final String stream;
  private final Charset charset;
  private final Sink sink;
  private byte[] buf = new byte[256];
  private int len;
  /** A {@code \r} was seen; the next byte says whether it ends the line or starts it over. */
  private boolean crPending;
  /** The line has been started over by a {@code \r}: a progress bar, not flushed when idle. */
  private boolean redrawn;
  private long lastWriteNanos;

  ConsoleLineSplitter(String stream, Charset charset, Sink sink) {
    this.stream = stream;
    this.charset = charset;
    this.sink = sink;
  }

  /** Takes printed bytes. */
  synchronized void write(byte[] b, int off, int n) {
    lastWriteNanos = System.nanoTime();
    int end = off + n;
    if (len == 0 && !crPending && n > 0 && n <= MAX_LINE_BYTES && b[end - 1] == '\n'
        && plain(b, off, end - 1)) {
      // The common case, one println: the line straight from the caller's bytes, no copy.
      redrawn = false;
      sink.line(stream, new String(b, off, n - 1, charset));
      return;
    }
    int start = off; // the start of a run of plain bytes not yet copied into buf
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (crPending) {
        crPending = false;
        if (c == '\n') {
          emit();
          start = i + 1;
          continue;
        }
        len = 0; // a bare \r: the line starts over
        redrawn = true;
      }
      if (c == '\n' || c == '\r') {
        append(b, start, i - start);
        start = i + 1;
        if (c == '\n') {
          emit();
        } else {
          crPending = true;
        }
      }
    }
    append(b, start, end - start);
  }

  /** Whether the bytes hold no line terminator. */
  private static boolean plain(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  /** Takes one printed byte. */
  synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Emits the unfinished line if nothing was printed for {@code idleNanos}, so that a prompt
   * printed without newline shows up while the program waits. A line being redrawn with {@code
   * \r} (a progress bar) is left alone until it ends or the run finishes: flushing it would
   * record one line per pause of the bar.
   */
  synchronized void flushIfIdle(long idleNanos) {
    if (len > 0 && !crPending && !redrawn && System.nanoTime() - lastWriteNanos >= idleNanos) {
      emit();
    }
  }

  /** Emits whatever is left of the current line; for the end of capture. */
  synchronized void flush() {
    if (len > 0) {
      emit();
    }
    crPending = false;
    redrawn = false;
  }

  private void append(byte[] b, int off, int n) {
    while (n > 0) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, Math.max(buf.length * 2, len + n)));
      }
      int take = Math.min(n, MAX_LINE_BYTES - len);
      System.arraycopy(b, off, buf, len, take);
      len += take;
      off += take;
      n -= take;
      if (len == MAX_LINE_BYTES) {
        cutLongLine();
      }
    }
  }

  /** Emits a full buffer as a line, cut before a UTF-8 character it would split. */
  private void cutLongLine() {
    int i = len - 1;
    while (i > 0 && len - i < 4 && (buf[i] & 0xC0) == 0x80) {
      i--; // back over continuation bytes to the character's lead byte
    }
    int lead = buf[i] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    int cut = i + need <= len ? len : i;
    if (cut == 0) {
      cut = len; // not UTF-8: cut anywhere
    }
    sink.line(stream, new String(buf, 0, cut, charset));
    System.arraycopy(buf, cut, buf, 0, len - cut);
    len -= cut;
  }

  private void emit() {
    String text = new String(buf, 0, len, charset);
    len = 0;
    redrawn = false;
    if (buf.length > 4096) {
      buf = new byte[256]; // one huge line should not pin its buffer for the rest of the run
    }
    sink.line(stream, text);
  }
}
