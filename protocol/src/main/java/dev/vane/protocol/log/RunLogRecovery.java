package dev.vane.protocol.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Recovers the valid prefix of a run log: scans every frame, and when the log ends in a torn or
 * corrupt frame, copies the invalid tail aside to {@code FILE.corrupt-OFFSET} (nothing is thrown
 * away) and cuts the log back to its last valid frame. A log whose header is bad is moved aside
 * whole and started again with a fresh header.
 */
public final class RunLogRecovery {
  private RunLogRecovery() {}

  /**
   * What recovery found.
   *
   * @param validLength bytes of the valid prefix, header included
   * @param lastSeq sequence number of the last valid frame, 0 when none
   * @param frames number of valid frames
   * @param end how the scan ended before recovery
   * @param quarantined where the invalid tail was copied, or {@code null} when the log was clean
   */
  public record Result(long validLength, long lastSeq, long frames, LogEnd end, Path quarantined) {}

  /** Scans a log and cuts off an invalid tail. */
  public static Result recover(Path path) throws IOException {
    long frames = 0;
    LogEnd end;
    long lastSeq;
    try (RunLogReader r = RunLogReader.open(path)) {
      while (r.next() != null) {
        frames++;
      }
      end = r.end();
      lastSeq = r.lastSeq();
    }
    if (end.isClean()) {
      return new Result(end.offset(), lastSeq, frames, end, null);
    }
    Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + end.offset());
    if (end.offset() == 0) {
      // The header itself is bad: keep the whole file aside and start a new, empty log.
      Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
      RunLogWriter.create(path).close();
      return new Result(RunLogHeader.BYTES, 0, 0, end, aside);
    }
    try (FileChannel src = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel dst =
            FileChannel.open(
                aside,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      long from = end.offset();
      long count = src.size() - from;
      while (count > 0) {
        long n = src.transferTo(from, count, dst);
        from += n;
        count -= n;
      }
      dst.force(false);
      src.truncate(end.offset());
      src.force(false);
    }
    return new Result(end.offset(), lastSeq, frames, end, aside);
  }
}
