package dev.vane.internal;

import dev.vane.protocol.RecordType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's history as the training thread writes it: the step rules ({@link StepState}), the
 * pending row, step sync, the summary of logged keys, and the rows themselves, encoded straight
 * into the run log ({@link HistoryEncoder}). After each written row, one summary update carries the
 * aggregates that changed. Not thread-safe: the caller holds the run's lock.
 */
final class History {
  private final RunLog log;
  private final RealSummary summary;
  private final Diagnostics diag;
  private final RunClock clock;
  private final Metrics metrics = new Metrics();
  private final StepState steps = new StepState();
  private final RowBuffer row = new RowBuffer();
  private final HistoryEncoder encoder = new HistoryEncoder();
  // Method references made once: a new one per call would allocate on the hot path.
  private final Values.FlatSink collector = this::collect;
  private final Values.ProblemSink problems;
  private final Runnable flusher = this::flush;
  /** Definitions made since the last call, by name; a newer one of a name replaces the older. */
  private final Map<String, RealMetric.Defined> newDefinitions = new LinkedHashMap<>();

  History(RunLog log, RealSummary summary, Diagnostics diag, RunClock clock) {
    this.log = log;
    this.summary = summary;
    this.diag = diag;
    this.clock = clock;
    this.problems = diag::warnOnce;
  }

  /** Starts the history at {@code step} (a continued run); before any call. */
  void startAt(long step) {
    steps.startAt(step);
  }

  /**
   * Applies one log call.
   *
   * @param hasStep whether {@code step} was given
   * @param commit 1 to write the row, 0 not to, -1 for the default (write unless a step is given)
   * @param nanos {@code System.nanoTime()} at the call
   */
  void log(Map<String, ?> values, boolean hasStep, long step, int commit, long nanos) {
    if (!newDefinitions.isEmpty()) {
      applyDefinitions();
    }
    if (!steps.moveTo(hasStep, step, diag, flusher)) {
      return;
    }
    Values.flatten("log", "", values, collector, problems);
    steps.touched(nanos);
    if (commit == 1 || (commit == -1 && !hasStep)) {
      flush();
      steps.next();
    }
  }

  /** Takes one flat logged value into the pending row and the summary. */
  private void collect(String key, Object value) {
    MetricState m = metrics.state(key);
    m.latest = value;
    row.put(m, value);
    RealMetric.Defined d = metrics.definition(m);
    if (!m.inSummary && (d == null || (d.aggregates() == 0 && !d.noSummary()))) {
      summary.follow(m);
    }
  }

  /** Writes the pending row, if any. */
  void flush() {
    applyDefinitions();
    if (steps.hasPending()) {
      steps.written();
      write(steps.step(), steps.nanos());
    }
  }

  private void write(long step, long nanos) {
    try {
      writeRow(step, nanos);
    } finally {
      row.clear(); // a row that failed (and was reported) must not leak into the next step's
    }
  }

  private void writeRow(long step, long nanos) {
    int logged = row.size();
    if (metrics.anyStepSync()) {
      syncSteps();
    }
    int length = encoder.encodeInPlace(row, step, clock.runtimeMicros(nanos),
        clock.timestampMicros(nanos));
    log.append(RecordType.HISTORY, encoder.buffer(), length);
    encoder.trim();
    Map<String, Object> changed = null; // and the summary update being encoded
    // Step-synced copies (after the logged keys) are not new values: they leave the stats alone.
    for (int i = 0; i < logged; i++) {
      MetricState m = row.key(i);
      int bits = m.written(row.value(i), 2 * Metrics.SPARKLINE_WIDTH);
      RealMetric.Defined d = metrics.definition(m);
      if (d == null || d.aggregates() == 0 || m.key.startsWith("_")) {
        continue; // keys starting with _ are never summarised
      }
      // Recompute when an aggregate shown changed, or when summary().put replaced ours.
      Object current = summary.current(m.key);
      if ((bits & d.aggregates()) != 0 || current != m.emitted) {
        Map<String, Object> value = aggregates(m, d);
        if (value.equals(current)) {
          m.emitted = current;
        } else {
          if (changed == null) {
            changed = new LinkedHashMap<>();
            encoder.beginSummary();
          }
          changed.put(m.key, value);
          encoder.summaryEntry(m, value);
          m.emitted = value;
        }
      }
    }
    if (changed != null) {
      log.append(RecordType.SUMMARY, encoder.endSummary());
      summary.computed(changed);
    }
  }

  /** Adds to the row the last value of each step metric that a key in the row needs. */
  private void syncSteps() {
    int n = row.size();
    for (int i = 0; i < n; i++) {
      MetricState m = row.key(i);
      RealMetric.Defined d = metrics.definition(m);
      if (d == null || !d.stepSync() || d.definition().stepMetric() == null
          || d.definition().stepMetric().equals(m.key)) {
        continue;
      }
      MetricState x = metrics.existing(d.definition().stepMetric());
      if (x != null && x.latest != null && !row.contains(x)) {
        row.put(x, x.latest);
      }
    }
  }

  /**
   * Takes a new or changed definition. It is recorded and applied before anything else happens to
   * the run ({@link #applyDefinitions()}), so that a chain of changes ({@code
   * defineMetric("loss").summary("min").stepMetric("epoch")}) is recorded as one definition.
   */
  void defined(RealMetric.Defined d) {
    newDefinitions.remove(d.definition().name());
    newDefinitions.put(d.definition().name(), d);
  }

  /**
   * Records and applies the definitions taken since the last call; the run calls it before each
   * log, summary access and at finish.
   */
  void applyDefinitions() {
    if (newDefinitions.isEmpty()) {
      return;
    }
    List<RealMetric.Defined> defs = new ArrayList<>(newDefinitions.values());
    newDefinitions.clear();
    for (RealMetric.Defined d : defs) {
      try {
        define(d);
      } catch (RuntimeException e) {
        diag.warnOnce("define:error:" + e.getClass().getName(), "defineMetric: " + e);
      }
    }
  }

  /**
   * Applies a new definition to the keys logged so far: their summary becomes the aggregates, is
   * removed ({@code none}) or goes back to the last logged value, as one summary update.
   */
  private void define(RealMetric.Defined d) {
    metrics.define(d);
    log.append(d.definition());
    Map<String, Object> set = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    for (MetricState m : metrics.states()) {
      if (m.key.startsWith("_") || !d.definition().matches(m.key)) {
        continue;
      }
      RealMetric.Defined now = metrics.definition(m);
      Object current = summary.current(m.key);
      if (now != null && now.noSummary()) {
        if (current != null) {
          removed.add(m.key);
        }
        m.emitted = null;
      } else if (now != null && now.aggregates() != 0) {
        Map<String, Object> value = aggregates(m, now);
        if (value.equals(current)) {
          m.emitted = current;
        } else if (!value.isEmpty()) {
          set.put(m.key, value);
          m.emitted = value;
        }
      } else if (m.latest != null && (current == null || current == m.emitted)
          && !Objects.equals(current, m.latest)) {
        set.put(m.key, m.latest);
        m.emitted = null;
      }
    }
    summary.apply(set, removed);
  }

  private static Map<String, Object> aggregates(MetricState m, RealMetric.Defined d) {
    Map<String, Object> value = m.aggregates(d.definition().summary());
    if (value == null) {
      return Map.of();
    }
    return Collections.unmodifiableMap(value);
  }

  /** Metric name to sparkline, sorted by name. */
  Map<String, String> sparklines() {
    return metrics.sparklines();
  }
}
