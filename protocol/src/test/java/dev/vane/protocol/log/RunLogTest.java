package dev.vane.protocol.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {
  @TempDir Path dir;

  private Path writeSample(int rows) throws IOException {
    Path log = dir.resolve("run-abc.vane");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(
          new RunStart("abc", "nico", "p", null, null, List.of("t"), null, null,
              Map.of("lr", 0.01), 1.5, "w1", "online"));
      for (int i = 0; i < rows; i++) {
        w.append(new HistoryRow(Map.of("_step", i, "loss", 1.0 / (i + 1))));
      }
      w.append(new RunExit(0, 2.5, 1.0, null));
    }
    return log;
  }

  private static List<Frame> readAll(Path log, LogEnd[] end) throws IOException {
    List<Frame> frames = new ArrayList<>();
    try (RunLogReader r = RunLogReader.open(log)) {
      for (Frame f; (f = r.next()) != null; ) {
        frames.add(f);
      }
      end[0] = r.end();
    }
    return frames;
  }

  @Test
  void writtenSeqCountsOnlyFramesHandedToTheFile() throws IOException {
    Path log = dir.resolve("run-seq.vane");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      assertEquals(0, w.writtenSeq());
      w.append(new HistoryRow(Map.of("_step", 0)));
      w.append(new HistoryRow(Map.of("_step", 1)));
      assertEquals(0, w.writtenSeq(), "buffered only");
      w.flush();
      assertEquals(2, w.writtenSeq());
      w.append(new HistoryRow(Map.of("_step", 2)));
      assertEquals(2, w.writtenSeq());
    }
    try (RunLogWriter w = RunLogWriter.openForAppend(log)) {
      assertEquals(3, w.writtenSeq(), "a reopened log's frames are all in the file");
    }
  }

  @Test
  void writesAndReadsBackEveryRecordInOrder() throws IOException {
    Path log = writeSample(5);
    LogEnd[] end = new LogEnd[1];
    List<Frame> frames = readAll(log, end);
    assertTrue(end[0].isClean(), end[0].toString());
    assertEquals(7, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(i + 1, frames.get(i).seq());
    }
    assertEquals(RecordType.RUN, frames.get(0).recordType());
    RunStart start = (RunStart) frames.get(0).decode();
    assertEquals("abc", start.id());
    assertEquals(0.01, start.config().get("lr"));
    HistoryRow row = (HistoryRow) frames.get(3).decode();
    assertEquals(2, row.step());
    assertEquals(RecordType.EXIT, frames.get(6).recordType());
    assertEquals(Files.size(log), end[0].offset());
  }

  @Test
  void neverOverwritesAnExistingLog() throws IOException {
    Path log = writeSample(1);
    byte[] before = Files.readAllBytes(log);
    assertThrows(FileAlreadyExistsException.class, () -> RunLogWriter.create(log));
    assertArrayEquals(before, Files.readAllBytes(log));
  }

  @Test
  void stopsAtATornTailAtEveryOffsetAndRecoversTheValidPrefix() throws IOException {
    Path full = writeSample(3);
    byte[] bytes = Files.readAllBytes(full);
    List<Long> boundaries = new ArrayList<>();
    LogEnd[] end = new LogEnd[1];
    for (Frame f : readAll(full, end)) {
      boundaries.add(f.offset());
    }
    boundaries.add((long) bytes.length);
    for (int cut = 0; cut < bytes.length; cut++) {
      Path torn = dir.resolve("torn-" + cut + ".vane");
      Files.write(torn, Arrays.copyOf(bytes, cut));
      List<Frame> frames = readAll(torn, end);
      long expectedFrames = boundaries.stream().filter(b -> b > RunLogHeader.BYTES - 1).count();
      int whole = 0;
      for (int i = 1; i < boundaries.size(); i++) {
        if (boundaries.get(i) <= cut) {
          whole = i;
        }
      }
      assertEquals(cut < RunLogHeader.BYTES ? 0 : whole, frames.size(), "cut at " + cut);
      assertTrue(expectedFrames > 0);
      boolean atBoundary = boundaries.contains((long) cut);
      if (atBoundary && cut >= RunLogHeader.BYTES) {
        assertTrue(end[0].isClean(), "cut at " + cut + ": " + end[0]);
      } else {
        assertEquals(LogEnd.Kind.TORN, end[0].kind(), "cut at " + cut);
        long expectedOffset = cut < RunLogHeader.BYTES ? 0 : boundaries.get(whole);
        assertEquals(expectedOffset, end[0].offset(), "cut at " + cut);
      }
    }
  }

  @Test
  void flippedByteIsReportedAtItsFrameAndRecoveryKeepsEverythingBefore() throws IOException {
    Path log = writeSample(4);
    LogEnd[] end = new LogEnd[1];
    List<Frame> frames = readAll(log, end);
    Frame victim = frames.get(3);
    byte[] bytes = Files.readAllBytes(log);
    int flipAt = (int) victim.offset() + Frame.HEADER_BYTES + 2;
    bytes[flipAt] ^= 0x10;
    Files.write(log, bytes);

    List<Frame> read = readAll(log, end);
    assertEquals(3, read.size());
    assertEquals(LogEnd.Kind.CORRUPT, end[0].kind());
    assertEquals(victim.offset(), end[0].offset());

    RunLogRecovery.Result result = RunLogRecovery.recover(log);
    assertEquals(victim.offset(), result.validLength());
    assertEquals(3, result.lastSeq());
    assertNotNull(result.quarantined());
    assertArrayEquals(
        Arrays.copyOfRange(bytes, (int) victim.offset(), bytes.length),
        Files.readAllBytes(result.quarantined()),
        "the invalid tail is kept aside, not thrown away");
    assertEquals(victim.offset(), Files.size(log));

    try (RunLogWriter w = RunLogWriter.openForAppend(log)) {
      assertEquals(4, w.nextSeq());
      w.append(new ConfigUpdate(Map.of("epochs", 3)));
    }
    List<Frame> after = readAll(log, end);
    assertTrue(end[0].isClean());
    assertEquals(4, after.size());
    assertEquals(4, after.get(3).seq());
  }

  @Test
  void badHeaderIsCorruptAtOffsetZero() throws IOException {
    Path log = dir.resolve("bad.vane");
    Files.writeString(log, "this is not a run log at all");
    LogEnd[] end = new LogEnd[1];
    assertEquals(0, readAll(log, end).size());
    assertEquals(LogEnd.Kind.CORRUPT, end[0].kind());
    assertEquals(0, end[0].offset());
    assertTrue(end[0].reason().contains("magic"), end[0].reason());
  }

  @Test
  void sequenceNumbersMustBeConsecutive() throws IOException {
    Path log = writeSample(2);
    byte[] extra = FrameCodec.encode(RecordType.CONFIG.code(), 9, "{\"values\":{}}".getBytes());
    Files.write(log, extra, java.nio.file.StandardOpenOption.APPEND);
    LogEnd[] end = new LogEnd[1];
    assertEquals(4, readAll(log, end).size());
    assertEquals(LogEnd.Kind.CORRUPT, end[0].kind());
    assertTrue(end[0].reason().contains("sequence"));
  }

  @Test
  void tailingFromAPositionSeesNewFramesAfterFlush() throws IOException {
    Path log = dir.resolve("tail.vane");
    try (RunLogWriter w = RunLogWriter.create(log)) {
      w.append(new ConfigUpdate(Map.of("a", 1)));
      w.flush();
      long pos;
      long seq;
      try (RunLogReader r = RunLogReader.open(log)) {
        assertNotNull(r.next());
        assertNull(r.next());
        assertTrue(r.end().isClean());
        pos = r.position();
        seq = r.lastSeq();
      }
      w.append(new ConfigUpdate(Map.of("b", 2)));
      try (RunLogReader r = RunLogReader.openAt(log, pos, seq)) {
        assertNull(r.next(), "unflushed frames are not visible");
      }
      w.flush();
      try (RunLogReader r = RunLogReader.openAt(log, pos, seq)) {
        Frame f = r.next();
        assertNotNull(f);
        assertEquals(2, f.seq());
        assertEquals(Map.of("b", 2), ((ConfigUpdate) f.decode()).values());
      }
    }
  }

  @Test
  void ingestBodiesParseAndRejectBadFrames() {
    byte[] a = FrameCodec.encode(2, 5, "{\"values\":{\"x\":1}}".getBytes());
    byte[] b = FrameCodec.encode(3, 6, "{\"values\":{\"_step\":0}}".getBytes());
    byte[] body = new byte[a.length + b.length];
    System.arraycopy(a, 0, body, 0, a.length);
    System.arraycopy(b, 0, body, a.length, b.length);
    FrameCodec.ParsedFrames ok = FrameCodec.parseAll(body);
    assertTrue(ok.end().isClean());
    assertEquals(List.of(5L, 6L), ok.frames().stream().map(Frame::seq).toList());

    byte[] flipped = body.clone();
    flipped[a.length + 20] ^= 1;
    FrameCodec.ParsedFrames bad = FrameCodec.parseAll(flipped);
    assertEquals(1, bad.frames().size());
    assertEquals(LogEnd.Kind.CORRUPT, bad.end().kind());
    assertEquals(a.length, bad.end().offset());

    FrameCodec.ParsedFrames torn = FrameCodec.parseAll(Arrays.copyOf(body, body.length - 1));
    assertEquals(LogEnd.Kind.TORN, torn.end().kind());
    assertFalse(torn.end().isClean());
  }

  @Test
  void appendsASliceOfABufferAsOneFrame() throws IOException {
    Path log = dir.resolve("slice.vane");
    byte[] buf = "xx{\"values\":{\"a\":1}}yyyy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] big = new byte[200_000]; // larger than the writer's buffer: written directly
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[1] = '}';
    try (RunLogWriter w = RunLogWriter.create(log)) {
      assertEquals(1, w.append(RecordType.CONFIG.code(), buf, 2, buf.length - 6));
      assertEquals(2, w.append(RecordType.CONFIG.code(), big, 0, big.length));
    }
    LogEnd[] end = new LogEnd[1];
    List<Frame> frames = readAll(log, end);
    assertTrue(end[0].isClean(), end[0].toString());
    assertEquals(Map.of("a", 1), ((ConfigUpdate) frames.get(0).decode()).values());
    assertEquals(big.length, frames.get(1).payload().length);
  }
}
