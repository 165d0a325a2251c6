package dev.vane.server.ingest;

import dev.vane.protocol.ConfigUpdate;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch's records, in sequence order, into a run's new state. Config updates merge; history
 * rows are collected and set the summary of their keys (keys starting with {@code _} are not
 * summarised); summary updates set or remove summary keys; the exit record ends the run. The last
 * write to a summary key wins, whether a row or a summary update made it, except for keys whose
 * metric definition names summary aggregates: the writer computes those and sends them as summary
 * updates, so rows leave them alone.
 */
final class RunFold {
  private final Run run;
  private final long now;
  private final Map<String, Object> config;
  private final Map<String, Object> summary;
  private final Map<String, Object> metrics;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private RunState state;
  private Integer exitCode;
  private String exitError;
  private Long finishedAt;

  RunFold(Run run, long now) {
    Run.RunProgress p = run.progress();
    this.run = run;
    this.now = now;
    this.config = new LinkedHashMap<>(p.config());
    this.summary = new LinkedHashMap<>(p.summary());
    this.metrics = new LinkedHashMap<>(p.metrics());
    this.state = p.state();
    this.exitCode = p.exitCode();
    this.exitError = p.exitError();
    this.finishedAt = p.finishedAt();
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
    } else if (payload instanceof HistoryRow row) {
      Map<String, Object> values = new LinkedHashMap<>(row.values());
      values.put(HistoryRow.STEP, step(seq, values.get(HistoryRow.STEP)));
      rows.add(values);
      for (Map.Entry<String, Object> e : values.entrySet()) {
        if (!e.getKey().startsWith("_") && !aggregated(e.getKey())) {
          summary.put(e.getKey(), e.getValue());
        }
      }
    } else if (payload instanceof SummaryUpdate update) {
      summary.putAll(update.values());
      update.removed().forEach(summary::remove);
    } else if (payload instanceof MetricDefinition d) {
      if (d.name() == null || d.name().isEmpty()) {
        throw invalid(seq, "the metric definition has no name");
      }
      Map<String, Object> def = new LinkedHashMap<>();
      def.put("stepMetric", d.stepMetric());
      def.put("summary", d.summary());
      def.put("hidden", d.hidden());
      metrics.remove(d.name()); // a redefinition moves to the end, keeping definition order
      metrics.put(d.name(), def);
    } else if (payload instanceof RunExit exit) {
      state = exit.exitCode() == 0 ? RunState.FINISHED : RunState.FAILED;
      exitCode = exit.exitCode();
      exitError = exit.error();
      finishedAt = Times.millisOrElse(exit.endTime(), now);
    }
    // null: a record type from a newer writer; counted as applied, otherwise ignored
  }

  /** Whether a definition (exact name first, else the last matching glob) aggregates the key. */
  private boolean aggregated(String key) {
    Object exact = metrics.get(key);
    if (exact != null) {
      return !((List<?>) ((Map<?, ?>) exact).get("summary")).isEmpty();
    }
    boolean result = false;
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("*") && key.startsWith(name.substring(0, name.length() - 1))) {
        result = !((List<?>) ((Map<?, ?>) e.getValue()).get("summary")).isEmpty();
      }
    }
    return result;
  }

  /** The history rows collected, in record order, each with a {@code Long} {@code _step}. */
  List<Map<String, Object>> rows() {
    return rows;
  }

  /** The run's progress after the batch. */
  Run.RunProgress progress(long lastSeq, long newRows) {
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
        now,
        finishedAt);
  }

  /** A row's {@code _step} as a non-negative long. */
  private static long step(long seq, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long step = ((Number) value).longValue();
      if (step >= 0) {
        return step;
      }
    } else if (value instanceof BigInteger) {
      throw invalid(seq, "the history row's _step is too large");
    } else if (value instanceof Double d && d >= 0 && d == Math.rint(d) && d < 0x1p63) {
      return d.longValue();
    }
    if (value == null) {
      throw invalid(seq, "the history row has no _step");
    }
    throw invalid(seq, "the history row's _step must be an integer >= 0, not " + value);
  }

  private static ApiException invalid(long seq, String message) {
    return ApiException.of(ErrorCode.INVALID_RECORD, "record " + seq + ": " + message);
  }
}
