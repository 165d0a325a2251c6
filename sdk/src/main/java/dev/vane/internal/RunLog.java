package dev.vane.internal;

import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.log.RunLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A run's log writer that never throws: a failed append (full disk, a record over the frame limit)
 * becomes one warning and a lost record, and the run goes on. A daemon flusher thread hands
 * buffered frames to the operating system every {@link #FLUSH_MILLIS}, so the sender (which reads
 * the file) sees them soon and they survive the death of the JVM.
 */
final class RunLog {
  /** How often buffered frames are written to the file. */
  static final long FLUSH_MILLIS = 200;

  private final RunLogWriter writer;
  private final Diagnostics diag;
  private volatile Runnable onFlushed = () -> {};
  private volatile boolean closed;
  /** Whether a write to the file failed (a full disk, an I/O error): the warning was given. */
  private volatile boolean writeFailed;
  private Thread flusher;
  private long lost;

  private RunLog(RunLogWriter writer, Diagnostics diag) {
    this.writer = writer;
    this.diag = diag;
  }

  /** Creates a new log file (never overwriting one). */
  static RunLog create(Path path, Diagnostics diag) throws IOException {
    return new RunLog(RunLogWriter.create(path), diag);
  }

  /** Appends a record; returns its sequence number, or -1 when it could not be written. */
  long append(RecordPayload record) {
    try {
      return writer.append(record);
    } catch (IOException e) {
      writeFailed = true;
      lost("cannot write to the run log " + writer.path() + " (" + e + "); records are lost "
          + "until it can be written again, training goes on", "io");
    } catch (RuntimeException e) {
      lost("cannot record a " + record.type() + " record: " + e.getMessage(), "record");
    }
    return -1;
  }

  /**
   * Appends a payload already encoded (the hot path encodes history rows itself); returns its
   * sequence number, or -1 when it could not be written.
   */
  long append(RecordType type, byte[] payload) {
    return append(type, payload, payload.length);
  }

  /** Appends the first {@code length} bytes of {@code payload} as {@link #append(RecordType, byte[])}. */
  long append(RecordType type, byte[] payload, int length) {
    try {
      return writer.append(type.code(), payload, 0, length);
    } catch (IOException e) {
      writeFailed = true;
      lost("cannot write to the run log " + writer.path() + " (" + e + "); records are lost "
          + "until it can be written again, training goes on", "io");
    } catch (RuntimeException e) {
      lost("cannot record a " + type + " record: " + e.getMessage(), "record");
    }
    return -1;
  }

  private void lost(String message, String kind) {
    synchronized (this) {
      lost++;
    }
    diag.warnOnce("runlog:" + kind, message);
  }

  /** Starts the flusher thread; {@code onFlushed} runs after each flush that wrote new frames. */
  void startFlusher(String runId, Runnable onFlushed) {
    this.onFlushed = onFlushed;
    flusher = new Thread(this::flushLoop, "vane-flusher-" + runId);
    flusher.setDaemon(true);
    flusher.start();
  }

  private void flushLoop() {
    long flushedSize = -1;
    while (!closed) {
      LockSupport.parkNanos(FLUSH_MILLIS * 1_000_000L);
      long size = writer.size();
      if (size != flushedSize && !closed) {
        flush();
        flushedSize = size;
        onFlushed.run();
      }
    }
  }

  /** Writes buffered frames to the file. */
  void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      if (closed) {
        return;
      }
      writeFailed = true;
      diag.warnOnce("runlog:io", "cannot write to the run log " + writer.path() + " (" + e
          + "); records are lost until it can be written again, training goes on");
    }
  }

  /** Stops the flusher, forces every frame to disk and closes the file. */
  void close() {
    closed = true;
    Thread f = flusher;
    if (f != null) {
      LockSupport.unpark(f);
    }
    try {
      writer.close();
    } catch (IOException e) {
      // On a full disk this is the failure already warned about: one warning, not two.
      writeFailed = true;
      synchronized (this) {
        lost += writer.nextSeq() - 1 - writer.writtenSeq(); // buffered, never written
      }
      diag.warnOnce("runlog:io", "cannot close the run log " + writer.path() + " (" + e
          + "); its last records are lost");
    }
  }

  /**
   * Whether a write to the file has failed (its warning was given): the run directory's disk is
   * full or failing, so other files in it need no warning of their own.
   */
  boolean writeFailed() {
    return writeFailed;
  }

  /** Records that never reached the file: failed appends, and frames still buffered at close. */
  synchronized long lostRecords() {
    return lost;
  }

  /** Whether the record numbered {@code seq} is in the file (after {@link #close()}: for good). */
  boolean written(long seq) {
    return seq > 0 && seq <= writer.writtenSeq();
  }

  /** The sequence number of the last record appended. */
  long lastSeq() {
    return writer.nextSeq() - 1;
  }

  /** The log file. */
  Path path() {
    return writer.path();
  }
}
