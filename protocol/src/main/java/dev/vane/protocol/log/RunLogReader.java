package dev.vane.protocol.log;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the frames of a run log in order, validating each one. Reading stops at the end of the
 * file or at the first torn or corrupt frame; {@link #end()} then says which and where. Bad data
 * never raises an exception: only real I/O errors do.
 *
 * <pre>{@code
 * try (RunLogReader reader = RunLogReader.open(path)) {
 *   for (Frame f; (f = reader.next()) != null; ) { ... }
 *   if (!reader.end().isClean()) System.err.println(reader.end());
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class RunLogReader implements Closeable {
  private final InputStream in;
  private long position;
  private long lastSeq;
  private LogEnd end;

  private RunLogReader(InputStream in, long position, long lastSeq) {
    this.in = in;
    this.position = position;
    this.lastSeq = lastSeq;
  }

  /** Opens a log at its first frame. A bad file header ends the read at once (see {@link #end()}). */
  public static RunLogReader open(Path path) throws IOException {
    RunLogReader r = openAt(path, 0, 0);
    byte[] header = new byte[RunLogHeader.BYTES];
    int n = r.in.readNBytes(header, 0, header.length);
    String problem = RunLogHeader.validate(header, n);
    if (problem == null) {
      r.position = RunLogHeader.BYTES;
    } else {
      r.end = n < RunLogHeader.BYTES ? LogEnd.torn(0, problem) : LogEnd.corrupt(0, problem);
    }
    return r;
  }

  /**
   * Opens a log at a frame boundary found by an earlier read, for tailing a log that is still being
   * written.
   *
   * @param offset the offset of a frame (a previous {@link #position()})
   * @param lastSeq the sequence number of the frame before it, 0 to accept any first sequence
   */
  public static RunLogReader openAt(Path path, long offset, long lastSeq) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    ch.position(offset);
    return new RunLogReader(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16), offset,
        lastSeq);
  }

  /**
   * The next valid frame, or {@code null} at the end of the file or at a torn or corrupt frame.
   */
  public Frame next() throws IOException {
    if (end != null) {
      return null;
    }
    byte[] head = new byte[Frame.HEADER_BYTES];
    int n = in.readNBytes(head, 0, head.length);
    if (n == 0) {
      end = LogEnd.clean(position);
      return null;
    }
    if (n < head.length) {
      end = LogEnd.torn(position, "frame header cut short (" + n + " bytes)");
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(head);
    int length = b.getInt();
    int crc = b.getInt();
    if (length < 9 || length > FrameCodec.MAX_LENGTH) {
      end = LogEnd.corrupt(position, "invalid frame length " + length);
      return null;
    }
    byte[] body = new byte[length];
    System.arraycopy(head, 8, body, 0, 9);
    int got = in.readNBytes(body, 9, length - 9);
    if (got < length - 9) {
      end = LogEnd.torn(position, "frame cut short (" + (9 + got) + " of " + length + " bytes)");
      return null;
    }
    if (FrameCodec.checksum(body, 0, length) != crc) {
      end = LogEnd.corrupt(position, "checksum mismatch");
      return null;
    }
    int type = body[0] & 0xff;
    long seq = ByteBuffer.wrap(body, 1, 8).getLong();
    if (seq < 1 || (lastSeq > 0 && seq != lastSeq + 1)) {
      end = LogEnd.corrupt(position, "sequence " + seq + " does not follow " + lastSeq);
      return null;
    }
    byte[] payload = java.util.Arrays.copyOfRange(body, 9, length);
    Frame f = new Frame(position, type, seq, payload);
    position += 8 + length;
    lastSeq = seq;
    return f;
  }

  /** The offset just after the last valid frame read. */
  public long position() {
    return position;
  }

  /** The sequence number of the last valid frame read, 0 when none. */
  public long lastSeq() {
    return lastSeq;
  }

  /** How the read ended, or {@code null} while {@link #next()} has not returned {@code null}. */
  public LogEnd end() {
    return end;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
