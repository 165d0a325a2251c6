package dev.vane.protocol.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a realistic run log in every way a crash or bad storage can (a cut at every byte offset,
 * random bit flips) and checks the promise of the format: the reader never throws on bad data,
 * returns exactly the frames before the damage and names the offset where the damage starts.
 *
 * <p>The expected frames come from the writer ({@link RunLogWriter#size()} before each append and
 * the encoded payload), not from a reader, so a reader bug cannot hide by agreeing with itself. The
 * same damaged bytes also go through {@link FrameCodec#parseAll(byte[])} (the server's ingest
 * path) and {@link RunLogRecovery#recover(Path)} (what reopening a log does).
 */
class RunLogFaultTest {
  /** Bit-flip trials; the seed is fixed so a failure reproduces. */
  private static final int FLIP_TRIALS = 2_000;

  private static final long SEED = 0x5EEDL;

  @TempDir Path dir;

  /** A frame as the writer wrote it. */
  private record Written(long offset, long seq, int type, byte[] payload) {
    long end() {
      return offset + Frame.HEADER_BYTES + payload.length;
    }
  }

  /** What one read returned: the frames before it stopped, and how it stopped. */
  private record Read(List<Frame> frames, LogEnd end) {}

  private byte[] log;
  private List<Written> written;

  @BeforeEach
  void writeRealisticLog() throws IOException {
    Path path = dir.resolve("run-fault.vane");
    written = new ArrayList<>();
    Random rnd = new Random(42);
    try (RunLogWriter w = RunLogWriter.create(path)) {
      append(w, new RunStart("fault01", "nico", "reliability", "fuzzy-otter-1", "bit flips",
          List.of("fuzz", "ünïcødé"), "g", "train", Map.of("lr", 0.001, "batch", 64), 1.5e9, "w1",
          "online"));
      append(w, new ConfigUpdate(Map.of("optimizer", "adamw", "β1", 0.9, "β2", 0.999)));
      for (int step = 0; step < 50; step++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(HistoryRow.STEP, step);
        row.put(HistoryRow.RUNTIME, step * 0.25);
        row.put(HistoryRow.TIMESTAMP, 1.795793230e9 + step);
        row.put("loss", 1.0 / (step + 1));
        row.put("精度/top1", rnd.nextDouble());
        row.put("😀.reward", step % 7 == 0 ? Double.NaN : -rnd.nextGaussian());
        // Varied sizes: most rows are small, some carry dozens of keys (payloads from about 150
        // bytes to 1.7 KiB), so cuts and flips land in frames of very different lengths.
        int extra = step % 10 == 9 ? 40 : rnd.nextInt(8);
        for (int k = 0; k < extra; k++) {
          row.put("layer." + k + ".grad_norm", rnd.nextDouble() * 10);
        }
        append(w, new HistoryRow(row));
        if (step % 10 == 4) {
          append(w, new SummaryUpdate(Map.of("best/loss", 1.0 / (step + 1), "Ω", "ok"),
              List.of("stale")));
        }
        if (step % 17 == 0) {
          append(w, new ConsoleLines(List.of(
              new ConsoleLine("stdout", 1.795793230e9 + step, "epoch " + step + " ✓"),
              new ConsoleLine("stderr", 1.795793230e9 + step, "\u001b[33mwarn\u001b[0m"))));
        }
      }
      append(w, new ConfigUpdate(Map.of("epochs", 50)));
      append(w, new RunExit(0, 1.795793280e9, 50.0, null));
    }
    log = Files.readAllBytes(path);
    assertEquals(written.get(written.size() - 1).end(), log.length);
    Read clean = read(path, "the undamaged log");
    assertTrue(clean.end().isClean(), clean.end().toString());
    assertPrefix("the undamaged log", clean.frames(), written.size());
  }

  private void append(RunLogWriter w, RecordPayload p) throws IOException {
    long offset = w.size();
    long seq = w.append(p);
    written.add(new Written(offset, seq, p.type().code(), RecordCodec.encode(p)));
  }

  @Test
  void cutAtEveryOffsetKeepsTheWholeFramesBeforeTheCut() throws IOException {
    Path torn = dir.resolve("torn.vane");
    Files.write(torn, log);
    Path recovered = dir.resolve("recovered.vane");
    int recoveries = 0;
    // Cut one file shorter and shorter rather than writing a fresh copy per offset.
    try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
      for (int cut = log.length; cut >= 0; cut--) {
        ch.truncate(cut);
        String ctx = "cut at " + cut + " of " + log.length;
        int whole = 0;
        while (whole < written.size() && written.get(whole).end() <= cut) {
          whole++;
        }
        Read r = read(torn, ctx);
        assertPrefix(ctx, r.frames(), whole);
        boolean onBoundary =
            cut == RunLogHeader.BYTES || (whole > 0 && written.get(whole - 1).end() == cut);
        if (cut < RunLogHeader.BYTES) {
          assertEquals(LogEnd.Kind.TORN, r.end().kind(), ctx);
          assertEquals(0, r.end().offset(), ctx);
          assertTrue(r.end().reason().contains("header"), ctx + ": " + r.end());
        } else if (onBoundary) {
          assertEquals(LogEnd.clean(cut), r.end(), ctx);
        } else {
          assertEquals(LogEnd.Kind.TORN, r.end().kind(), ctx + ": " + r.end());
          assertEquals(written.get(whole).offset(), r.end().offset(), ctx);
        }

        if (cut >= RunLogHeader.BYTES) {
          // The ingest path sees the same frames without the file header.
          FrameCodec.ParsedFrames parsed =
              parseAll(Arrays.copyOfRange(log, RunLogHeader.BYTES, cut), ctx);
          assertPrefix(ctx + " (ingest)", shift(parsed.frames()), whole);
          assertEquals(r.end().kind(), parsed.end().kind(), ctx + " (ingest)");
          assertEquals(r.end().offset() - RunLogHeader.BYTES, parsed.end().offset(),
              ctx + " (ingest)");
        }

        // Recovery forces the file to disk, so it runs on a sample of the cuts: all of the
        // header, each frame boundary and the bytes on either side of it, and every 199th offset.
        boolean nearBoundary = cut <= RunLogHeader.BYTES + 1
            || (whole > 0 && cut - written.get(whole - 1).end() <= 1)
            || (whole < written.size() && written.get(whole).end() - cut == 1);
        if (nearBoundary || cut % 199 == 0) {
          checkRecovery(recovered, Arrays.copyOf(log, cut), whole, r.end(), ctx);
          recoveries++;
        }
      }
      assertTrue(recoveries > 3 * written.size(), "recoveries " + recoveries);
    }
  }

  @Test
  void randomBitFlipsNeverGetPastTheFirstDamagedFrame() throws IOException {
    Random rnd = new Random(SEED);
    Path damaged = dir.resolve("flipped.vane");
    Path recovered = dir.resolve("recovered.vane");
    int headerHits = 0;
    int lengthHits = 0;
    int tornEnds = 0;
    for (int trial = 0; trial < FLIP_TRIALS; trial++) {
      // 1 to 3 distinct bits. One trial in ten aims a flip at the 16-byte file header, which a
      // uniform choice would hit only a few times in a file this size.
      TreeSet<Integer> bits = new TreeSet<>();
      if (trial % 10 == 0) {
        bits.add(rnd.nextInt(RunLogHeader.BYTES * 8));
      }
      int flips = 1 + rnd.nextInt(3);
      while (bits.size() < flips) {
        bits.add(rnd.nextInt(log.length * 8));
      }
      byte[] bytes = log.clone();
      for (int bit : bits) {
        bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
      }
      Files.write(damaged, bytes);
      String ctx = "trial " + trial + " flipping bits " + bits;
      Read r = read(damaged, ctx);

      int firstByte = bits.first() >>> 3;
      if (firstByte < RunLogHeader.BYTES) {
        headerHits++;
        assertPrefix(ctx, r.frames(), 0);
        assertEquals(LogEnd.Kind.CORRUPT, r.end().kind(), ctx + ": " + r.end());
        assertEquals(0, r.end().offset(), ctx);
        String reason = r.end().reason();
        assertTrue(reason.contains("header") || reason.contains("magic"), ctx + ": " + reason);
      } else {
        // CRC32C detects every error of up to 3 bits, so the first frame holding a flipped bit
        // is exactly where reading must stop: not later (a damaged frame accepted), and not
        // earlier (a good frame lost).
        int bad = 0;
        while (written.get(bad).end() <= firstByte) {
          bad++;
        }
        Written victim = written.get(bad);
        assertPrefix(ctx, r.frames(), bad);
        assertEquals(victim.offset(), r.end().offset(), ctx + ": " + r.end());
        boolean lengthFlipped = bits.stream()
            .map(b -> b >>> 3)
            .anyMatch(b -> b >= victim.offset() && b < victim.offset() + 4);
        if (lengthFlipped) {
          lengthHits++;
        }
        if (r.end().kind() == LogEnd.Kind.TORN) {
          // A larger length makes the frame run past the end of the file, which looks exactly
          // like a torn write; nothing else may.
          tornEnds++;
          assertTrue(lengthFlipped, ctx + ": torn without a flipped length: " + r.end());
        } else {
          assertEquals(LogEnd.Kind.CORRUPT, r.end().kind(), ctx + ": " + r.end());
        }

        // The ingest path (no file header; offsets relative to the body) stops at the same frame.
        FrameCodec.ParsedFrames parsed =
            parseAll(Arrays.copyOfRange(bytes, RunLogHeader.BYTES, bytes.length), ctx);
        assertPrefix(ctx + " (ingest)", shift(parsed.frames()), bad);
        assertEquals(r.end().kind(), parsed.end().kind(), ctx + " (ingest)");
        assertEquals(victim.offset() - RunLogHeader.BYTES, parsed.end().offset(),
            ctx + " (ingest)");
      }
      // Recovery forces the file to disk (slow on some file systems), so it runs on a tenth of
      // the trials, header hits included.
      if (trial % 10 == 0 || trial % 10 == 5) {
        checkRecovery(recovered, bytes, r.frames().size(), r.end(), ctx);
      }
    }
    // The fixed seed must actually reach every kind of damage the assertions distinguish.
    assertTrue(headerHits >= 150, "header hits " + headerHits);
    assertTrue(lengthHits >= 5, "length-field hits " + lengthHits);
    assertTrue(tornEnds >= 1, "torn ends " + tornEnds);
  }

  /** Reads a whole log, failing the test (not erroring) on any unchecked exception. */
  private static Read read(Path path, String ctx) throws IOException {
    List<Frame> frames = new ArrayList<>();
    try (RunLogReader r = RunLogReader.open(path)) {
      for (Frame f; (f = r.next()) != null; ) {
        frames.add(f);
      }
      assertNull(r.next(), ctx + ": next() after the end");
      return new Read(frames, r.end());
    } catch (RuntimeException | Error e) {
      throw new AssertionError(ctx + ": reader threw " + e, e);
    }
  }

  private static FrameCodec.ParsedFrames parseAll(byte[] body, String ctx) {
    try {
      return FrameCodec.parseAll(body);
    } catch (RuntimeException | Error e) {
      throw new AssertionError(ctx + ": parseAll threw " + e, e);
    }
  }

  /** Ingest frames with offsets moved from body-relative to file-relative. */
  private static List<Frame> shift(List<Frame> frames) {
    return frames.stream()
        .map(f -> new Frame(f.offset() + RunLogHeader.BYTES, f.type(), f.seq(), f.payload()))
        .toList();
  }

  /** The frames read are exactly the first {@code count} frames written, byte for byte. */
  private void assertPrefix(String ctx, List<Frame> frames, int count) {
    if (frames.size() != count) {
      fail(ctx + ": expected the first " + count + " frames, read " + frames.size());
    }
    for (int i = 0; i < count; i++) {
      Written w = written.get(i);
      Frame f = frames.get(i);
      if (f.offset() != w.offset() || f.seq() != w.seq() || f.type() != w.type()
          || !Arrays.equals(f.payload(), w.payload())) {
        fail(ctx + ": frame " + i + " differs: read seq " + f.seq() + " at " + f.offset()
            + ", wrote seq " + w.seq() + " at " + w.offset());
      }
    }
  }

  /**
   * Recovery of the damaged bytes reports what the reader saw, copies the invalid tail aside byte
   * for byte and leaves exactly the valid prefix (or a fresh header when the header was bad).
   */
  private void checkRecovery(Path path, byte[] bytes, int frames, LogEnd end, String ctx)
      throws IOException {
    Files.deleteIfExists(path);
    Files.write(path, bytes);
    RunLogRecovery.Result res;
    try {
      res = RunLogRecovery.recover(path);
    } catch (RuntimeException | Error e) {
      throw new AssertionError(ctx + ": recovery threw " + e, e);
    }
    assertEquals(end, res.end(), ctx + " (recovery)");
    assertEquals(frames, res.frames(), ctx + " (recovery)");
    assertEquals(frames == 0 ? 0 : written.get(frames - 1).seq(), res.lastSeq(), ctx);
    if (end.isClean()) {
      assertNull(res.quarantined(), ctx);
      assertEquals(bytes.length, Files.size(path), ctx);
      return;
    }
    assertArrayEquals(Arrays.copyOfRange(bytes, (int) end.offset(), bytes.length),
        Files.readAllBytes(res.quarantined()), ctx + ": the tail set aside");
    // A bad header starts a fresh, empty log; otherwise the log is cut back to the valid prefix.
    byte[] left = Files.readAllBytes(path);
    assertArrayEquals(end.offset() == 0 ? RunLogHeader.encode()
        : Arrays.copyOf(bytes, (int) end.offset()), left, ctx + ": the log left behind");
    assertEquals(left.length, res.validLength(), ctx);
    Files.delete(res.quarantined());
  }
}
