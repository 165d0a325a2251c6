package dev.vane.server.ingest;

import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.DetailsUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunMetadata;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.SystemSample;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.NameRules;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunState;
import dev.vane.server.store.history.HistoryBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds a batch's records, in sequence order, into a run's new state. Config updates merge; history
 * rows (already decoded into the batch's {@link HistoryBatch}) set the summary of their keys (keys
 * starting with {@code _} are not summarised); summary updates set or remove summary keys; the exit
 * record ends the run. The last write to a summary key wins, whether a row or a summary update made
 * it, except for keys whose metric definition names summary aggregates: the writer computes those
 * and sends them as summary updates, so rows leave them alone.
 *
 * <p>Rows are not folded one by one: consecutive rows form a stretch, and at its end (before a
 * summary update or metric definition, or at the end of the batch) each key's last value in the
 * stretch goes to the summary once. That leaves the summary exactly as folding row by row would,
 * at a cost per key rather than per point.
 *
 * <p>System metrics samples go to a batch of their own ({@link #systemSamples()}), which the
 * ingester writes to the system store in the same transaction; a point's step there is the
 * sample's runtime in milliseconds. They do not touch the summary or the history length.
 */
final class RunFold {
  /** The exit code of a run stopped on request or by a signal. */
  static final int KILLED_EXIT_CODE = 255;
  /** The longest system metric name. */
  static final int MAX_KEY_LENGTH = 256;

  private final Run run;
  private final long now;
  private final Map<String, Object> config;
  private final Map<String, Object> summary;
  private final Map<String, Object> metrics;
  private final HistoryBatch rows;
  private final HistoryBatch systemSamples = new HistoryBatch();
  private final IngestMode mode;
  private int stretchFrom = -1; // the batch rows not yet in the summary: [stretchFrom, stretchTo)
  private int stretchTo;
  private RunState state;
  private Integer exitCode;
  private String exitError;
  private Long finishedAt;
  private Run.RunDetails details;
  private Map<String, Object> metadata; // the batch's latest metadata record, if any
  /** The latest time the replayed records show the program alive (epoch millis), or 0. */
  private long lastRecordedAt;

  /**
   * A fold starting from the run's stored state.
   *
   * @param rows the history rows of the records to apply, in record order; {@link #row} refers to
   *     them by index
   * @param mode the live writer's batch (a heartbeat) or a replay's (no sign of life)
   */
  RunFold(Run run, long now, HistoryBatch rows, IngestMode mode) {
    Run.RunProgress p = run.progress();
    this.run = run;
    this.now = now;
    this.rows = rows;
    this.mode = mode;
    this.config = new LinkedHashMap<>(p.config());
    this.summary = new LinkedHashMap<>(p.summary());
    this.metrics = new LinkedHashMap<>(p.metrics());
    // A crashed run whose writer speaks again is live again (or ends below when its exit record
    // is here). A replay of its log is no sign of life: the run stays crashed.
    this.state =
        p.state() == RunState.CRASHED && mode == IngestMode.LIVE ? RunState.RUNNING : p.state();
    this.exitCode = p.exitCode();
    this.exitError = p.exitError();
    this.finishedAt = p.finishedAt();
    this.details = run.details();
  }

  /**
   * Applies one record.
   *
   * @param seq the record's sequence number, for messages
   * @param payload the decoded record, or {@code null} for a type this server does not know
   * @throws ApiException {@code invalid_record} when the record breaks a rule
   */
  void apply(long seq, RecordPayload payload) {
    if (payload instanceof RunStart start) {
      // The first record repeats what created the run; it must at least be about this run.
      if (!run.id().equals(start.id())) {
        throw invalid(
            seq, "the run record is for run \"" + start.id() + "\", not \"" + run.id() + "\"");
      }
    } else if (payload instanceof ConfigUpdate update) {
      config.putAll(update.values());
    } else if (payload instanceof HistoryRow) {
      throw new IllegalArgumentException("history rows are folded with row()");
    } else if (payload instanceof SummaryUpdate update) {
      foldStretch();
      summary.putAll(update.values());
      update.removed().forEach(summary::remove);
    } else if (payload instanceof MetricDefinition d) {
      foldStretch(); // the rows before it are summarised under the old definitions
      if (d.name() == null || d.name().isEmpty()) {
        throw invalid(seq, "the metric definition has no name");
      }
      Map<String, Object> def = new LinkedHashMap<>();
      def.put("stepMetric", d.stepMetric());
      def.put("summary", d.summary());
      def.put("hidden", d.hidden());
      metrics.remove(d.name()); // a redefinition moves to the end, keeping definition order
      metrics.put(d.name(), def);
    } else if (payload instanceof RunMetadata m) {
      metadata = m.values();
    } else if (payload instanceof SystemSample sample) {
      systemSample(seq, sample);
    } else if (payload instanceof DetailsUpdate u) {
      details = changed(seq, details, u);
    } else if (payload instanceof RunExit exit) {
      state = endState(exit.exitCode());
      exitCode = exit.exitCode();
      exitError = exit.error();
      finishedAt = Times.millisOrElse(exit.endTime(), now);
      lastRecordedAt = Math.max(lastRecordedAt, finishedAt);
    }
    // null: a record type from a newer writer; counted as applied, otherwise ignored
  }

  /** Adds a system sample's values at its runtime in milliseconds to {@link #systemSamples}. */
  private void systemSample(long seq, SystemSample sample) {
    double runtime = sample.runtime();
    // The bound keeps round(runtime * 1000) a long: far past any real run (300,000 years).
    if (!Double.isFinite(runtime) || runtime < 0 || runtime > 1e13) {
      throw invalid(seq, "the system sample's runtime must be a number of seconds from 0, not "
          + runtime);
    }
    for (Map.Entry<String, Object> e : sample.values().entrySet()) {
      String key = e.getKey();
      if (key == null || !key.startsWith(SystemSample.PREFIX) || key.length() > MAX_KEY_LENGTH) {
        throw invalid(seq, "system metric names start with \"" + SystemSample.PREFIX
            + "\" and have at most " + MAX_KEY_LENGTH + " characters, not \"" + key + "\"");
      }
      Object v = e.getValue();
      if (v == null) {
        continue; // not measured: left out, like a metric the sampler could not read
      }
      if (v instanceof Double || v instanceof Float) {
        systemSamples.putDouble(key, ((Number) v).doubleValue());
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short
          || v instanceof Byte) {
        systemSamples.putLong(key, ((Number) v).longValue());
      } else if (v instanceof Number n) {
        systemSamples.putDouble(key, n.doubleValue()); // a big integer: charts need no more
      } else {
        systemSamples.abandonRow();
        throw invalid(seq, "system metric " + key + " is not a number: " + v);
      }
    }
    if (sample.values().values().stream().anyMatch(v -> v != null)) {
      systemSamples.endRow(Math.round(runtime * 1000));
    } else {
      systemSamples.abandonRow();
    }
    if (sample.timestamp() > 0) {
      lastRecordedAt = Math.max(lastRecordedAt, Times.millisOrElse(sample.timestamp(), 0));
    }
  }

  /** The batch's system metrics samples; each row's step is its runtime in milliseconds. */
  HistoryBatch systemSamples() {
    return systemSamples;
  }

  /**
   * The state an exit code ends a run in: 0 finished, 255 killed (what a stop, SIGTERM or Ctrl+C
   * ends with, as W&B shows it), any other failed.
   */
  static RunState endState(int exitCode) {
    if (exitCode == 0) {
      return RunState.FINISHED;
    }
    return exitCode == KILLED_EXIT_CODE ? RunState.KILLED : RunState.FAILED;
  }

  /**
   * Applies a history row: row {@code index} of the batch, the one after the previous row applied.
   */
  void row(int index) {
    if (stretchFrom < 0) {
      stretchFrom = index;
    }
    stretchTo = index + 1;
  }

  /** Puts the last value of each key of the pending rows into the summary. */
  private void foldStretch() {
    if (stretchFrom < 0) {
      return;
    }
    for (Map.Entry<String, Object> e : rows.lastValues(stretchFrom, stretchTo).entrySet()) {
      if (e.getKey().equals(HistoryRow.TIMESTAMP) && e.getValue() instanceof Number t) {
        lastRecordedAt = Math.max(lastRecordedAt, Times.millisOrElse(t.doubleValue(), 0));
      }
      if (!e.getKey().startsWith("_") && !aggregated(e.getKey())) {
        summary.put(e.getKey(), e.getValue());
      }
    }
    stretchFrom = -1;
  }

  /** Whether a definition (exact name first, else the last matching glob) aggregates the key. */
  private boolean aggregated(String key) {
    return !MetricRules.aggregates(metrics, key).isEmpty();
  }

  /** The details after a change, each field given replacing the old. */
  private static Run.RunDetails changed(long seq, Run.RunDetails d, DetailsUpdate u) {
    if (u.name() != null && u.name().isBlank()) {
      throw invalid(seq, "the run name must not be blank");
    }
    if (u.tags() != null && u.tags().stream().anyMatch(t -> t == null || t.isEmpty())) {
      throw invalid(seq, "tags must be non-empty strings");
    }
    try {
      NameRules.requireStorableText("name", u.name());
      NameRules.requireStorableText("notes", u.notes());
      NameRules.requireStorableText("group", u.group());
      NameRules.requireStorableText("jobType", u.jobType());
    } catch (ApiException e) {
      throw invalid(seq, e.getMessage());
    }
    return new Run.RunDetails(
        u.name() != null ? u.name() : d.name(),
        u.notes() != null ? u.notes() : d.notes(),
        u.tags() != null ? u.tags() : d.tags(),
        u.group() != null ? u.group() : d.group(),
        u.jobType() != null ? u.jobType() : d.jobType());
  }

  /** The batch's latest metadata record's fields, or {@code null} when it held none. */
  Map<String, Object> metadata() {
    return metadata;
  }

  /** The run's details after the batch: changed when it held a details update. */
  Run.RunDetails details() {
    return details;
  }

  /** The run's progress after the batch. */
  Run.RunProgress progress(long lastSeq, long newRows) {
    foldStretch();
    if (mode == IngestMode.FINAL && state == RunState.RUNNING) {
      // The whole log is here, without an exit record, and its writer is gone: nobody will end
      // the run any more, so it ended the way a silent run does.
      state = RunState.CRASHED;
    }
    // Only the live writer's requests are heartbeats: a replay keeps the last real one, so a
    // crashed run's runtime does not stretch to the time of the sync.
    // The replayed records' own times are signs of life too (rows logged after the network went
    // away): the last heartbeat moves on to the latest of them, never past now.
    Long heartbeatAt = mode == IngestMode.LIVE ? Long.valueOf(now) : run.progress().heartbeatAt();
    if (mode != IngestMode.LIVE && lastRecordedAt > 0) {
      long recorded = Math.min(now, lastRecordedAt);
      heartbeatAt = heartbeatAt == null ? recorded : Math.max(heartbeatAt, recorded);
    }
    return new Run.RunProgress(
        state,
        config,
        summary,
        metrics,
        lastSeq,
        run.progress().historyLength() + newRows,
        exitCode,
        exitError,
        now,
        heartbeatAt,
        finishedAt);
  }

  private static ApiException invalid(long seq, String message) {
    return ApiException.of(ErrorCode.INVALID_RECORD, "record " + seq + ": " + message);
  }
}
