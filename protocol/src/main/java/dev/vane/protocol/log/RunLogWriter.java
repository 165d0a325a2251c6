package dev.vane.protocol.log;

import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends frames to a run log. Frames are numbered 1, 2, 3, ... and gathered in a buffer that is
 * written to the file only at frame boundaries, so a reader tailing the file sees whole frames
 * except after a crash mid-write. Thread-safe.
 *
 * <p>{@link #flush()} hands buffered frames to the operating system (they survive the death of the
 * JVM); {@link #sync()} also forces them to the disk (they survive the death of the machine).
 */
public final class RunLogWriter implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  private long nextSeq;
  private long size;
  /** The last sequence number handed to the file whole; frames after it are only buffered. */
  private long writtenSeq;

  private RunLogWriter(Path path, FileChannel channel, long nextSeq, long size) {
    this.path = path;
    this.channel = channel;
    this.nextSeq = nextSeq;
    this.size = size;
    this.writtenSeq = nextSeq - 1;
  }

  /**
   * Creates a new log with its header.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the file exists: a log is never
   *     overwritten
   */
  public static RunLogWriter create(Path path) throws IOException {
    FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      ByteBuffer header = ByteBuffer.wrap(RunLogHeader.encode());
      while (header.hasRemaining()) {
        ch.write(header);
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new RunLogWriter(path, ch, 1, RunLogHeader.BYTES);
  }

  /**
   * Opens an existing log for appending, recovering its valid prefix first (see {@link
   * RunLogRecovery#recover(Path)}).
   */
  public static RunLogWriter openForAppend(Path path) throws IOException {
    RunLogRecovery.Result r = RunLogRecovery.recover(path);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE);
    ch.position(r.validLength());
    return new RunLogWriter(path, ch, r.lastSeq() + 1, r.validLength());
  }

  /** Appends a record and returns its sequence number. */
  public long append(RecordPayload payload) throws IOException {
    return append(payload.type().code(), RecordCodec.encode(payload));
  }

  /** Appends a frame of the given type and returns its sequence number. */
  public long append(int type, byte[] payload) throws IOException {
    return append(type, payload, 0, payload.length);
  }

  /**
   * Appends a frame whose payload is {@code len} bytes of {@code payload} from {@code off}, and
   * returns its sequence number. The frame is built in the writer's buffer, so a caller that
   * encodes into a reused array allocates nothing per record.
   */
  public synchronized long append(int type, byte[] payload, int off, int len) throws IOException {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("type must be a byte: " + type);
    }
    int length = 9 + len;
    if (length > FrameCodec.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "record too large: " + len + " bytes (limit " + (FrameCodec.MAX_LENGTH - 9) + ")");
    }
    long seq = nextSeq;
    int frameBytes = 8 + length;
    if (frameBytes > buffer.remaining()) {
      drain();
    }
    if (frameBytes > buffer.capacity()) {
      writeFully(ByteBuffer.wrap(FrameCodec.encode(type, seq, java.util.Arrays.copyOfRange(
          payload, off, off + len))));
      writtenSeq = seq;
    } else {
      int start = buffer.position();
      buffer.putInt(length);
      buffer.putInt(0); // checksum, filled in below
      buffer.put((byte) type);
      buffer.putLong(seq);
      buffer.put(payload, off, len);
      crc.reset();
      crc.update(buffer.array(), start + 8, length);
      buffer.putInt(start + 4, (int) crc.getValue());
    }
    nextSeq++;
    size += frameBytes;
    return seq;
  }

  /** Writes buffered frames to the file. */
  public synchronized void flush() throws IOException {
    drain();
  }

  /** Writes buffered frames and forces the file to the storage device. */
  public synchronized void sync() throws IOException {
    drain();
    channel.force(false);
  }

  private void drain() throws IOException {
    buffer.flip();
    try {
      writeFully(buffer);
      writtenSeq = nextSeq - 1;
    } finally {
      buffer.compact();
    }
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** The sequence number the next frame will get. */
  public synchronized long nextSeq() {
    return nextSeq;
  }

  /**
   * The sequence number of the last frame handed to the file (0 when none): the frames after it
   * up to {@code nextSeq() - 1} are only in the buffer, as after a write failed on a full disk.
   */
  public synchronized long writtenSeq() {
    return writtenSeq;
  }

  /** Bytes in the log, buffered frames included. */
  public synchronized long size() {
    return size;
  }

  /** The file this writer appends to. */
  public Path path() {
    return path;
  }

  /** Writes buffered frames, forces them to disk and closes the file. */
  @Override
  public synchronized void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      sync();
    } finally {
      channel.close();
    }
  }
}
