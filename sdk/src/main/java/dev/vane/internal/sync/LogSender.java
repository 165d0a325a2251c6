package dev.vane.internal.sync;

import dev.vane.internal.Diagnostics;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.log.LogEnd;
import dev.vane.protocol.log.RunLogReader;
import dev.vane.protocol.wire.IngestResult;
import dev.vane.protocol.wire.UpsertResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams a run log to the server: the one sending loop of both a live run (on a background thread,
 * tailing a log still being written) and {@code vane sync} (on a finished log).
 *
 * <p>The log file is the buffer: frames are read from the file in batches (at most {@link
 * #MAX_BATCH_BYTES} or {@link #MAX_BATCH_FRAMES}), so memory stays bounded however far behind the
 * server is. The position advances only on the server's acknowledgement ({@code lastSeq}), so a
 * frame is never skipped; the server applies each sequence number at most once, so a frame resent
 * after a lost answer is never duplicated. On {@code 409 sequence_gap} the loop resumes after the
 * server's {@code lastSeq}. Network errors and 5xx answers are retried with {@link Backoff}, at
 * least every {@link #FINISHING_RETRY_MILLIS} once a live log is complete (the run finishes and
 * waits for the upload for a bounded time); other 4xx answers stop the loop ({@link
 * State#FAILED}).
 *
 * <p>A tail that is torn (a frame not fully written yet) is read again later; once the log is
 * {@linkplain #markComplete() complete}, reaching its end with every frame acknowledged makes the
 * loop {@link State#DONE}.
 *
 * <p>A live loop is the run's sign of life: every accepted request is a heartbeat, and with nothing
 * to send it sends an empty one every heartbeat interval. Between those it asks the server every
 * {@link #STOP_POLL_MILLIS} whether the run was stopped ({@code GET .../stop}, which is no
 * heartbeat), so a stop reaches an idle program within about 2 s; while records flow, the ingest
 * answers carry the stop flag. A loop that is not live replays a finished log ({@code vane sync}):
 * its requests are no heartbeats, and once every frame is on the server it tells the server the log
 * is complete and its writer gone ({@code ?final=true}), which ends a run without an exit record
 * {@code crashed}.
 */
public final class LogSender implements Runnable {
  /** Most bytes of frames in one request (one larger frame still goes alone). */
  public static final int MAX_BATCH_BYTES = 1 << 20;
  /** Most frames in one request. */
  public static final int MAX_BATCH_FRAMES = 4096;
  /** How often a live log is checked for new frames. */
  static final long POLL_MILLIS = 200;
  /**
   * A live run sends at most one batch per this interval (W&B's file stream: one per 15 s), unless
   * a batch is full or the run is finishing: new rows reach the server within about a second, and
   * 200 runs make 200 requests a second rather than one per flush (1,000), which is what lets one
   * server on 2 cores keep up (see docs/reliability.md, Load).
   */
  static final long SEND_INTERVAL_MILLIS = 1_000;
  /**
   * How often a live run with nothing to send asks the server whether it was stopped: often enough
   * that a stop reaches the program within 2 s (this, plus {@link #POLL_MILLIS}, plus a request).
   */
  static final long STOP_POLL_MILLIS = 1_000;
  /** How often an idle live run sends a heartbeat unless told otherwise. */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
  /** A stop check that takes longer is dropped; the next one comes a second later anyway. */
  static final Duration STOP_CHECK_TIMEOUT = Duration.ofSeconds(10);
  static final Duration UPSERT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The longest wait between tries once a live log is complete (the run is finishing). {@code
   * finish()} gives up after 15 s without an answer; a back-off doubled to 8 s and more would
   * spend the end of that window without a single try, and miss a server that came back.
   */
  static final long FINISHING_RETRY_MILLIS = 1_000;
  private static final int MAX_STALLS = 5;
  /** The once-key of the "server not reachable" warning, shared with the start of a run. */
  public static final String UNREACHABLE_WARNING = "sender:unreachable";

  /** Where the loop stands. */
  public enum State {
    /** Sending, or waiting for frames or for the server. */
    RUNNING,
    /** The log is complete and every frame was acknowledged. */
    DONE,
    /** The server refused the run or its records; see {@link #failure()}. */
    FAILED,
    /** Stopped by {@link #stop()} or its deadline before it was done. */
    STOPPED
  }

  /** Hears about the loop's progress, on the loop's thread. */
  public interface Listener {
    /** The server created or attached the run. */
    default void upserted(UpsertResult result) {}

    /** The server acknowledged every frame up to {@code lastSeq}. */
    default void acknowledged(long lastSeq) {}

    /** Someone asked the server to stop the run; called once. */
    default void stopRequested() {}
  }

  private final ApiClient api;
  private final Path log;
  private final RunStart start;
  private final Diagnostics diag;
  private final Listener listener;
  private final boolean live;
  private final ApiClient.Sender sender;
  private final long heartbeatMillis;
  private final Object monitor = new Object();
  private final Backoff backoff = new Backoff();

  private volatile RunTarget target;
  private volatile long acked;
  private volatile long applied;
  private volatile long initialAcked = -1;
  private volatile boolean complete;
  private volatile boolean stopped;
  private volatile Thread thread;
  private volatile State state = State.RUNNING;
  private volatile String failure;
  private volatile LogEnd logEnd;
  private volatile long lastContactNanos = System.nanoTime();
  private boolean stopSeen; // only touched by the loop's thread
  private boolean finalSent; // only touched by the loop's thread
  // Only touched by the loop's thread:
  private long position; // offset of the next frame to read; 0 = before the file header
  private long positionSeq; // sequence number of the frame before position
  private long lastRequestNanos = System.nanoTime();
  /** When the last batch went out; long ago at first, so a run's first records go at once. */
  private long lastSendNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
  private long lastStopNewsNanos = System.nanoTime(); // when an answer last told the stop flag
  private int stalls;

  /**
   * Creates the loop.
   *
   * @param start the run's first record, sent as the upsert body when {@code upserted} is null
   * @param upserted the answer of an upsert already done, or {@code null} to upsert first
   * @param live whether the log is still being written by this process (heartbeats and stop
   *     checks while idle); {@code false} replays a finished log, whose writer is gone
   */
  public LogSender(ApiClient api, Path log, RunStart start, UpsertResult upserted,
      Diagnostics diag, Listener listener, boolean live) {
    this(api, log, start, upserted, diag, listener, live, DEFAULT_HEARTBEAT);
  }

  /**
   * Creates the loop.
   *
   * @param start the run's first record, sent as the upsert body when {@code upserted} is null
   * @param upserted the answer of an upsert already done, or {@code null} to upsert first
   * @param live whether the log is still being written by this process (heartbeats and stop
   *     checks while idle); {@code false} replays a finished log, whose writer is gone
   * @param heartbeat how long a live run with nothing to send waits between empty heartbeats
   */
  public LogSender(ApiClient api, Path log, RunStart start, UpsertResult upserted,
      Diagnostics diag, Listener listener, boolean live, Duration heartbeat) {
    this.api = api;
    this.sender = live ? ApiClient.Sender.LIVE : ApiClient.Sender.REPLAY;
    this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
    this.log = log;
    this.start = start;
    this.diag = diag;
    this.listener = listener;
    this.live = live;
    if (upserted != null) {
      target = RunTarget.of(upserted, start.writer());
      acked = upserted.lastSeq();
      initialAcked = acked;
    }
  }

  /** Says that no frame will be appended to the log any more. */
  public void markComplete() {
    complete = true;
    wake();
  }

  /**
   * Wakes the loop if it waits for frames, to look at the log at once. A retry's back-off wait is
   * kept: new frames are no sign that the server is back (the run log's flusher calls this every
   * 200 ms while the program logs, which would otherwise make every back-off 200 ms long).
   */
  public void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** {@link System#nanoTime()} of the last request the server answered (or of the loop's creation). */
  public long lastContactNanos() {
    return lastContactNanos;
  }

  /** Stops the loop (interrupting a request in flight); it ends {@link State#STOPPED} if not done. */
  public void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Runs the loop until done, failed or stopped. */
  @Override
  public void run() {
    runUntil(Long.MAX_VALUE);
  }

  /**
   * Runs the loop on the calling thread until done, failed, stopped or {@code deadlineNanos}
   * ({@link System#nanoTime()} time).
   *
   * @return the state it ended in
   */
  public State runUntil(long deadlineNanos) {
    thread = Thread.currentThread();
    try {
      while (!stopped && System.nanoTime() - deadlineNanos < 0 && state == State.RUNNING) {
        if (target == null) {
          upsert(deadlineNanos);
          continue;
        }
        boolean wasComplete = complete;
        Batch batch = readBatch();
        if (batch.count == 0) {
          if (wasComplete) {
            if (!live && !finalSent) {
              sendFinal(deadlineNanos);
              continue;
            }
            end(State.DONE);
            break;
          }
          if (live) {
            idle();
          }
          pause(POLL_MILLIS, deadlineNanos);
          continue;
        }
        long sinceSend = elapsedMillis(lastSendNanos);
        if (live && !wasComplete && !batch.full() && sinceSend < SEND_INTERVAL_MILLIS) {
          sleepThroughWakes(SEND_INTERVAL_MILLIS - sinceSend, deadlineNanos); // more rows join in
          continue;
        }
        lastSendNanos = System.nanoTime();
        send(batch, deadlineNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (!stopped) {
        diag.warn("cannot read the run log " + log + ": " + e.getMessage()
            + "; upload it later with vane sync");
      }
    } catch (RuntimeException e) {
      diag.warn("the upload stopped on an error: " + e);
    } finally {
      if (state == State.RUNNING) {
        end(State.STOPPED);
      }
      thread = null;
      if (stopped) {
        Thread.interrupted(); // clear the flag stop() may have set on the caller's thread
      }
    }
    return state;
  }

  private void upsert(long deadlineNanos) throws InterruptedException {
    try {
      UpsertResult r = api.upsert(start, UPSERT_TIMEOUT, sender != ApiClient.Sender.LIVE);
      target = RunTarget.of(r, start.writer());
      acked = r.lastSeq();
      initialAcked = acked;
      backoff.reset();
      lastRequestNanos = System.nanoTime();
      lastContactNanos = lastRequestNanos;
      diag.debug("run " + target.path() + " upserted; server lastSeq " + r.lastSeq());
      listener.upserted(r);
    } catch (ApiException e) {
      if (e.retryable()) {
        retryLater("creating the run", "answered " + e.describe(), deadlineNanos);
      } else {
        fail("the server refused the run (" + e.describe() + ")");
      }
    } catch (IOException e) {
      retryLater("creating the run", describe(e), deadlineNanos);
    }
  }

  /** Reads the next frames after the acknowledged ones, without moving {@link #position}. */
  private Batch readBatch() throws IOException {
    Batch batch = new Batch();
    try (RunLogReader r = position == 0 ? RunLogReader.open(log)
        : RunLogReader.openAt(log, position, positionSeq)) {
      Frame f;
      while ((f = r.next()) != null) {
        long end = f.offset() + f.size();
        if (f.seq() <= acked) {
          position = end;
          positionSeq = f.seq();
          continue;
        }
        batch.add(f, end);
        if (batch.full()) {
          break;
        }
      }
      if (f == null) {
        logEnd = r.end();
      }
    }
    return batch;
  }

  private void send(Batch batch, long deadlineNanos) throws InterruptedException {
    while (!stopped && System.nanoTime() - deadlineNanos < 0) {
      try {
        IngestResult res =
            api.sendFrames(target, batch.bytes.toByteArray(), SEND_TIMEOUT, sender);
        noticeStop(res.stopped());
        lastRequestNanos = System.nanoTime();
        lastContactNanos = lastRequestNanos;
        lastStopNewsNanos = lastRequestNanos;
        backoff.reset();
        applied += res.applied();
        advance(res.lastSeq(), batch, deadlineNanos);
        return;
      } catch (ApiException e) {
        if (e.sequenceGap()) {
          diag.debug("sequence gap: server lastSeq " + e.lastSeq() + ", resending after it");
          advance(e.lastSeq(), batch, deadlineNanos);
          return;
        }
        if (!e.retryable()) {
          fail("the server refused records " + batch.firstSeq + ".." + batch.lastSeq() + " ("
              + e.describe() + ")");
          return;
        }
        retryLater("sending records", "answered " + e.describe(), deadlineNanos);
      } catch (IOException e) {
        retryLater("sending records", describe(e), deadlineNanos);
      }
    }
  }

  /** Moves past every frame up to {@code lastSeq}, which the server says it has. */
  private void advance(long lastSeq, Batch batch, long deadlineNanos)
      throws InterruptedException {
    long before = acked;
    acked = lastSeq;
    int i = batch.indexOf(lastSeq);
    if (i >= 0) {
      position = batch.ends[i];
      positionSeq = lastSeq;
    } else if (lastSeq != batch.firstSeq - 1) {
      // The server is ahead of this batch or behind what it acknowledged before: find the frame
      // after its lastSeq from the start of the log.
      position = 0;
      positionSeq = 0;
    }
    if (lastSeq > before) {
      stalls = 0;
      listener.acknowledged(lastSeq);
      synchronized (monitor) {
        monitor.notifyAll();
      }
    } else if (++stalls >= MAX_STALLS) {
      fail("the server does not move past record " + lastSeq);
    } else {
      sleepThroughWakes(backoff.next(), deadlineNanos);
    }
  }

  private void noticeStop(boolean stopRequested) {
    if (stopRequested && !stopSeen) {
      stopSeen = true;
      diag.debug("the server says the run was stopped");
      listener.stopRequested();
    }
  }

  /**
   * A live run with nothing to send: a heartbeat once per interval, and between heartbeats a
   * read-only stop check every second (until a stop was seen; then there is nothing to learn).
   */
  private void idle() throws InterruptedException {
    if (elapsedMillis(lastRequestNanos) >= heartbeatMillis) {
      heartbeat();
    } else if (!stopSeen && elapsedMillis(lastStopNewsNanos) >= STOP_POLL_MILLIS) {
      askStopped();
    }
  }

  private void heartbeat() throws InterruptedException {
    try {
      noticeStop(api.sendFrames(target, new byte[0], SEND_TIMEOUT).stopped());
      lastContactNanos = System.nanoTime();
    } catch (IOException | ApiException e) {
      diag.debug("heartbeat failed: " + e.getMessage());
    }
    lastRequestNanos = System.nanoTime();
    lastStopNewsNanos = lastRequestNanos;
  }

  private void askStopped() throws InterruptedException {
    try {
      noticeStop(api.stopped(target, STOP_CHECK_TIMEOUT));
      lastContactNanos = System.nanoTime();
    } catch (IOException | ApiException e) {
      // Asked again in a second; a server that is away shows in the heartbeats and sends.
      diag.debug("stop check failed: " + e.getMessage());
    }
    lastStopNewsNanos = System.nanoTime();
  }

  /**
   * The replay has every frame on the server: says the log is complete and its writer gone (an
   * empty {@code ?final=true} request), retried like a batch until the deadline.
   */
  private void sendFinal(long deadlineNanos) throws InterruptedException {
    while (!stopped && System.nanoTime() - deadlineNanos < 0) {
      try {
        api.sendFrames(target, new byte[0], SEND_TIMEOUT, ApiClient.Sender.FINAL);
        lastRequestNanos = System.nanoTime();
        lastContactNanos = lastRequestNanos;
        backoff.reset();
        finalSent = true;
        diag.debug("told the server the log of " + target.path() + " is complete");
        return;
      } catch (ApiException e) {
        if (!e.retryable()) {
          fail("the server refused the end of the log (" + e.describe() + ")");
          return;
        }
        retryLater("ending the upload", "answered " + e.describe(), deadlineNanos);
      } catch (IOException e) {
        retryLater("ending the upload", describe(e), deadlineNanos);
      }
    }
  }

  private void retryLater(String what, String problem, long deadlineNanos)
      throws InterruptedException {
    long wait = backoff.next();
    if (live && complete) {
      wait = Math.min(wait, FINISHING_RETRY_MILLIS);
    }
    diag.debug(what + " failed (" + problem + "); retrying in " + wait + " ms");
    diag.warnOnce(UNREACHABLE_WARNING, (problem.startsWith("answered ")
        ? "server at " + api.baseUrl() + " " + problem + ";"
        : "server not reachable at " + api.baseUrl() + " (" + problem + "),")
        + " logging locally and retrying");
    sleepThroughWakes(wait, deadlineNanos);
  }

  private void fail(String why) {
    failure = why;
    diag.warn(why + "; the run is kept locally in " + log);
    end(State.FAILED);
  }

  private void end(State s) {
    state = s;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /** Waits up to {@code millis} (woken by {@link #wake()} and {@link #stop()}). */
  private void pause(long millis, long deadlineNanos) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    if (until - deadlineNanos > 0) {
      until = deadlineNanos;
    }
    long left = until - System.nanoTime();
    if (left > 0 && !stopped) {
      LockSupport.parkNanos(this, left);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /**
   * A wait that the flusher's wake-ups do not cut short (a retry's back-off, the time until the
   * next batch may go): up to {@code millis}, ended early only by {@link #stop()} or by {@link
   * #markComplete()} (the program finishes and waits for the upload: one more try at once).
   */
  private void sleepThroughWakes(long millis, long deadlineNanos) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    if (until - deadlineNanos > 0) {
      until = deadlineNanos;
    }
    boolean wasComplete = complete;
    for (long left; !stopped && complete == wasComplete
        && (left = until - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /**
   * Waits until the loop is no longer {@link State#RUNNING} or an acknowledgement arrives, at most
   * {@code millis}.
   *
   * @return whether the loop has ended
   */
  public boolean awaitEnd(long millis) throws InterruptedException {
    synchronized (monitor) {
      if (state == State.RUNNING && millis > 0) {
        monitor.wait(millis);
      }
    }
    return state != State.RUNNING;
  }

  /** Where the loop stands. */
  public State state() {
    return state;
  }

  /** Why the loop failed, or {@code null}. */
  public String failure() {
    return failure;
  }

  /** The server's last applied sequence number as last heard. */
  public long acked() {
    return acked;
  }

  /** Frames the server applied as counted in its answers (answers lost in transit not counted). */
  public long applied() {
    return applied;
  }

  /**
   * Records the server gained since this loop attached to the run: its {@code lastSeq} now minus
   * its {@code lastSeq} at the upsert; 0 before the upsert.
   */
  public long sent() {
    long first = initialAcked;
    return first < 0 ? 0 : Math.max(0, acked - first);
  }

  /** The run as the server named it, or {@code null} before the upsert succeeded. */
  public RunTarget target() {
    return target;
  }

  /** How the last read of the log ended, or {@code null} before one reached the end. */
  public LogEnd logEnd() {
    return logEnd;
  }

  private static long elapsedMillis(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return m == null || m.isBlank() ? kind : kind + ": " + m;
  }

  /** Frames read for one request and where each ends in the file. */
  private static final class Batch {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long firstSeq;
    long[] ends = new long[64];
    int count;

    void add(Frame f, long end) {
      if (count == 0) {
        firstSeq = f.seq();
      }
      byte[] encoded = FrameCodec.encode(f.type(), f.seq(), f.payload());
      bytes.write(encoded, 0, encoded.length);
      if (count == ends.length) {
        ends = java.util.Arrays.copyOf(ends, count * 2);
      }
      ends[count++] = end;
    }

    long lastSeq() {
      return firstSeq + count - 1;
    }

    /** Whether the batch is as large as one request may be. */
    boolean full() {
      return bytes.size() >= MAX_BATCH_BYTES || count >= MAX_BATCH_FRAMES;
    }

    int indexOf(long seq) {
      long i = seq - firstSeq;
      return i >= 0 && i < count ? (int) i : -1;
    }
  }
}
