package dev.vane.server.store.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vane.protocol.VaneJson;
import java.util.List;

/**
 * Walks one series' points in step order within {@code [from, to]}: its chunks a page at a time,
 * merged with its text points. Holds at most a page of decoded points, so streaming a run of any
 * length takes bounded memory.
 *
 * <p>Reads are not one snapshot: a batch committed while streaming may or may not show. Points at
 * or before the last one returned are skipped, so chunks compacted meanwhile never show twice.
 */
final class SeriesCursor {
  private static final int CHUNKS_PER_PAGE = 2;
  private static final int TEXTS_PER_PAGE = 1024;

  private final HistoryTables tables;
  private final long runPk;
  private final SeriesRow series;
  private final long from;
  private final long to;

  private final PointColumn numbers = new PointColumn(ChunkCodec.MAX_POINTS);
  private int numberPos;
  private long lastChunkMinStep = Long.MIN_VALUE;
  private long lastChunkMaxStep;
  private boolean chunksDone;
  private long lastNumberStep = Long.MIN_VALUE;

  private List<HistoryTables.TextPoint> texts = List.of();
  private int textPos;
  private boolean textsDone;

  SeriesCursor(HistoryTables tables, long runPk, SeriesRow series, long from, long to) {
    this.tables = tables;
    this.runPk = runPk;
    this.series = series;
    this.from = from;
    this.to = to;
    this.textsDone = !series.hasText();
    this.lastChunkMaxStep = from - 1;
  }

  /** The series' key. */
  String name() {
    return series.name();
  }

  /** Whether a point is left. */
  boolean hasPoint() {
    return hasNumber() || hasText();
  }

  /** The current point's step; only when {@link #hasPoint()}. */
  long step() {
    if (!hasText()) {
      return numbers.step(numberPos);
    }
    if (!hasNumber()) {
      return texts.get(textPos).step();
    }
    return Math.min(numbers.step(numberPos), texts.get(textPos).step());
  }

  /** The current point's value (Long, Double or what the text's JSON holds). */
  Object value() {
    if (hasNumber() && (!hasText() || numbers.step(numberPos) <= texts.get(textPos).step())) {
      return ValueKind.box(numbers.kind(numberPos), numbers.bits(numberPos));
    }
    try {
      return VaneJson.records().readValue(texts.get(textPos).json(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored history value is not JSON", e);
    }
  }

  /** Moves past the current point. */
  void next() {
    long s = step();
    if (hasNumber() && numbers.step(numberPos) == s) {
      lastNumberStep = s;
      numberPos++;
    }
    if (hasText() && texts.get(textPos).step() == s) {
      textPos++;
    }
  }

  /** Skips points before {@code step}; whether the current point is at {@code step}. */
  boolean advanceTo(long step) {
    while (hasPoint() && step() < step) {
      next();
    }
    return hasPoint() && step() == step;
  }

  private boolean hasNumber() {
    while (numberPos >= numbers.size() || skippable(numbers.step(numberPos))) {
      if (numberPos < numbers.size()) {
        numberPos++;
        continue;
      }
      if (!refill()) {
        return false;
      }
    }
    return numbers.step(numberPos) <= to;
  }

  private boolean skippable(long step) {
    return step < from || step <= lastNumberStep;
  }

  private boolean refill() {
    numbers.clear();
    numberPos = 0;
    if (!chunksDone) {
      List<byte[]> page =
          tables.chunkPage(
              runPk, series.seriesId(), lastChunkMinStep, lastChunkMaxStep, CHUNKS_PER_PAGE);
      if (page.isEmpty()) {
        chunksDone = true;
      } else {
        for (byte[] chunk : page) {
          ChunkCodec.Header h = ChunkCodec.header(chunk);
          lastChunkMinStep = h.blocks()[0].minStep();
          lastChunkMaxStep = h.blocks()[h.blocks().length - 1].maxStep();
          if (lastChunkMinStep > to) {
            chunksDone = true;
            break;
          }
          for (ChunkCodec.Block b : h.blocks()) {
            ChunkCodec.decodeBlock(chunk, h.kind(), b, numbers);
          }
        }
        return true;
      }
    }
    return false;
  }

  private boolean hasText() {
    if (textPos >= texts.size() && !textsDone) {
      long after = texts.isEmpty() ? from - 1 : texts.get(texts.size() - 1).step();
      texts =
          after >= to
              ? List.of()
              : tables.textPage(runPk, series.seriesId(), after, to, TEXTS_PER_PAGE);
      textPos = 0;
      textsDone = texts.size() < TEXTS_PER_PAGE;
    }
    return textPos < texts.size();
  }
}
