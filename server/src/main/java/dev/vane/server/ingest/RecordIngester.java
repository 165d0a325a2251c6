package dev.vane.server.ingest;

import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.MalformedRecordException;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.IngestResult;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.Database;
import dev.vane.server.store.LogLine;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.Stores;
import dev.vane.server.store.history.HistoryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies an ingest body (frames in the run log framing) to a run, idempotently and atomically:
 *
 * <ol>
 *   <li>every frame is validated and decoded first; any bad frame rejects the whole batch;
 *   <li>frames at or below the run's {@code lastSeq} are skipped, so a retried batch changes
 *       nothing;
 *   <li>the first remaining frame must be {@code lastSeq + 1}, else {@code sequence_gap};
 *   <li>the rest is applied in one transaction, whose commit precedes the answer: console
 *       records' lines are numbered on from the run's last line, so a retry adds none twice.
 * </ol>
 *
 * Every accepted request of the live writer ({@link IngestMode#LIVE}), an empty heartbeat or a
 * fully skipped retry included, sets the run's {@code heartbeatAt} and {@code updatedAt}, brings a
 * {@code crashed} run back to {@code running} (unless the batch ends it) and answers {@code
 * stopped: true} once a stop was requested. A replay ({@code vane sync}) is no heartbeat: it sets
 * only {@code updatedAt}, and only when it brings records or changes the state; its final request
 * marks a run left without an exit record {@code crashed}.
 */
public final class RecordIngester {
  private final Database database;

  /** Writes to the database. */
  public RecordIngester(Database database) {
    this.database = database;
  }

  /**
   * A frame and what it decoded to: a record ({@code null} for unknown record types), or for a
   * history record the index of its row in the batch's {@link HistoryBatch} ({@code -1} for other
   * records) or why the row is invalid.
   */
  private record Decoded(long seq, RecordPayload payload, int row, String badRow) {}

  /** A body's frames, decoded; their history rows held as columns in {@code rows}. */
  private record DecodedBody(List<Decoded> records, HistoryBatch rows) {}

  /**
   * Applies a batch from the run's live writer.
   *
   * @throws ApiException {@code invalid_frames}, {@code invalid_record}, {@code not_found} or
   *     {@code sequence_gap}; nothing is applied then
   */
  public IngestResult ingest(String entity, String project, String id, byte[] body) {
    return ingest(entity, project, id, body, IngestMode.LIVE, null);
  }

  /**
   * Applies a batch to the run.
   *
   * @param mode who sends it: the live writer, or a replay of the run log and whether it is the
   *     last request of the replay
   * @param writer the sender's writer token, or {@code null} when it does not say
   * @throws ApiException {@code invalid_frames}, {@code invalid_record}, {@code not_found}, {@code
   *     sequence_gap} or {@code writer_replaced}; nothing is applied then
   */
  public IngestResult ingest(
      String entity, String project, String id, byte[] body, IngestMode mode, String writer) {
    DecodedBody decoded = decode(body);
    List<Decoded> records = decoded.records();
    long now = System.currentTimeMillis();
    return database.write(
        s -> {
          Project p =
              s.projects()
                  .find(entity, project)
                  .orElseThrow(() -> ApiException.notFound("project " + entity + "/" + project));
          // Locked: batches for one run, through any server process, apply one after the other.
          Run run =
              s.runs()
                  .findForUpdate(p.id(), id)
                  .orElseThrow(
                      () -> ApiException.notFound("run " + entity + "/" + project + "/" + id));
          if (writer != null && !writer.equals(run.writer())) {
            // Another process resumed or rewound the run: this one's records would interleave.
            throw ApiException.of(
                ErrorCode.WRITER_REPLACED,
                "run "
                    + entity
                    + "/"
                    + project
                    + "/"
                    + id
                    + " is now written by another process (it was resumed or rewound); this"
                    + " writer's records are refused");
          }
          long lastSeq = run.progress().lastSeq();
          List<Decoded> pending = records.stream().filter(r -> r.seq() > lastSeq).toList();
          if (!pending.isEmpty() && pending.get(0).seq() != lastSeq + 1) {
            throw ApiException.sequenceGap(pending.get(0).seq(), lastSeq);
          }
          // A retry may skip the body's first records, and so the batch's first rows.
          int firstRow =
              pending.stream()
                  .mapToInt(Decoded::row)
                  .filter(r -> r >= 0)
                  .findFirst()
                  .orElse(decoded.rows().size());
          HistoryBatch rows = firstRow == 0 ? decoded.rows() : decoded.rows().from(firstRow);
          Long forkStep = run.origin().forkStep();
          if (forkStep != null && rows.minStep() <= forkStep) {
            // Those steps are the source's: the shared history would hide the row.
            throw ApiException.of(
                ErrorCode.INVALID_RECORD,
                "step "
                    + rows.minStep()
                    + " is at or before the branch step "
                    + forkStep
                    + " of this run; its rows start at step "
                    + (forkStep + 1));
          }
          RunFold fold = new RunFold(run, now, rows, mode);
          List<ConsoleLine> console = new ArrayList<>();
          for (Decoded r : pending) {
            if (r.payload() instanceof ConsoleLines c) {
              checkStreams(r.seq(), c);
              console.addAll(c.lines());
            } else if (r.badRow() != null) {
              throw ApiException.of(
                  ErrorCode.INVALID_RECORD, "record " + r.seq() + ": " + r.badRow());
            } else if (r.row() >= 0) {
              fold.row(r.row() - firstRow);
            } else {
              fold.apply(r.seq(), r.payload());
            }
          }
          long newRows = s.history().put(run.pk(), rows);
          s.system().put(run.pk(), fold.systemSamples());
          appendLines(s, run.pk(), console, now);
          long newLastSeq = pending.isEmpty() ? lastSeq : pending.get(pending.size() - 1).seq();
          Run.RunProgress progress = fold.progress(newLastSeq, newRows);
          // A replay request that brings nothing new and changes no state (a second vane sync)
          // writes nothing, so syncing again leaves the run exactly as it was.
          boolean changes =
              mode == IngestMode.LIVE
                  || !pending.isEmpty()
                  || progress.state() != run.progress().state();
          if (changes) {
            s.runs().updateProgress(run.pk(), progress);
          }
          if (fold.metadata() != null) {
            s.runs().updateMetadata(run.pk(), fold.metadata());
          }
          if (!fold.details().equals(run.details())) {
            s.runs().updateDetails(run.pk(), fold.details(), now);
          }
          return new IngestResult(newLastSeq, pending.size(), run.stopped());
        });
  }

  private static void checkStreams(long seq, ConsoleLines c) {
    for (ConsoleLine l : c.lines()) {
      if (!l.stream().equals(ConsoleLine.STDOUT) && !l.stream().equals(ConsoleLine.STDERR)) {
        throw ApiException.of(
            ErrorCode.INVALID_RECORD,
            "record " + seq + ": console stream must be stdout or stderr, not \"" + l.stream()
                + "\"");
      }
    }
  }

  /** Numbers the batch's console lines on from the run's last line and stores them. */
  private static void appendLines(Stores s, long runPk, List<ConsoleLine> lines, long now) {
    if (lines.isEmpty()) {
      return;
    }
    long next = s.logs().count(runPk);
    List<LogLine> numbered = new ArrayList<>(lines.size());
    for (ConsoleLine l : lines) {
      numbered.add(
          new LogLine(next++, l.stream(), Times.millisOrElse(l.time(), now), l.text()));
    }
    s.logs().append(runPk, numbered);
  }

  private static DecodedBody decode(byte[] body) {
    FrameCodec.ParsedFrames parsed = FrameCodec.parseAll(body);
    if (!parsed.end().isClean()) {
      throw ApiException.of(
          ErrorCode.INVALID_FRAMES,
          parsed.end().kind().name().toLowerCase(Locale.ROOT)
              + " frame at offset "
              + parsed.end().offset()
              + ": "
              + parsed.end().reason()
              + "; nothing was applied");
    }
    List<Decoded> out = new ArrayList<>(parsed.frames().size());
    HistoryBatch rows = new HistoryBatch(parsed.frames().size());
    for (Frame f : parsed.frames()) {
      RecordType type = f.recordType();
      try {
        if (type == RecordType.HISTORY) {
          int row = rows.size();
          String bad = HistoryRowDecoder.decode(f.payload(), rows);
          out.add(new Decoded(f.seq(), null, bad == null ? row : -1, bad));
        } else {
          out.add(new Decoded(f.seq(), type == null ? null : f.decode(), -1, null));
        }
      } catch (MalformedRecordException e) {
        throw ApiException.of(
            ErrorCode.INVALID_RECORD,
            "record " + f.seq() + " at offset " + f.offset() + ": " + e.getMessage());
      }
    }
    return new DecodedBody(out, rows);
  }
}
