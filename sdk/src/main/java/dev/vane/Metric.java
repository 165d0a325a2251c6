package dev.vane;

import java.util.List;

/**
 * How a run summarises and charts a metric, as W&amp;B's {@code define_metric}; made by {@link
 * Run#defineMetric(String)}. The setters return this object, so a definition reads as one chain:
 *
 * <pre>{@code
 * run.defineMetric("epoch");
 * run.defineMetric("loss").summary("min", "max").stepMetric("epoch");
 * run.defineMetric("val/*").stepMetric("epoch").hidden(true);
 * }</pre>
 *
 * <p>Each change applies before the run's next call (log, summary, finish) and replaces the
 * earlier definition of the same name (so does a later {@code defineMetric} of the same name,
 * which starts from the defaults); a chain of changes made in between is recorded in the run log
 * once. Values logged before a definition count in its aggregates. Invalid arguments throw {@link
 * IllegalArgumentException} naming the argument and change nothing; on a finished run the changes
 * are ignored with a warning.
 *
 * <p>A name ending in {@code *} is a glob: it applies to every key starting with what precedes the
 * {@code *} ({@code "train/*"}, or {@code "*"} for every key). For a key, a definition of that
 * exact name wins; otherwise the most recently defined matching glob applies.
 */
public interface Metric {

  /** The aggregates {@link #summary(String...)} accepts. */
  List<String> AGGREGATES = List.of("min", "max", "mean", "first", "last", "none");

  /** The name or glob defined. */
  String name();

  /**
   * Sets the summary aggregates of the metric, any of {@code min}, {@code max}, {@code mean}
   * (over the numeric values logged), {@code first}, {@code last} (over all values), or {@code
   * none} alone (the key is left out of the summary). With aggregates, the summary of the key is a
   * map, e.g. {@code {"loss": {"min": 0.03, "max": 0.9}}}, updated as rows are written. No
   * aggregates (the default) keeps the last logged value. A comma-separated list in one argument
   * ({@code "min,max"}) works too, as in W&amp;B.
   *
   * <p>As in W&amp;B, a logged NaN makes {@code min}, {@code max} and {@code mean} NaN from then
   * on; infinities count as values. Keys without numeric values have no {@code min}, {@code max}
   * or {@code mean}.
   *
   * @param aggregates the aggregates, in the order the summary shows them
   * @return this definition
   * @throws IllegalArgumentException naming {@code summary} for an unknown aggregate, or for
   *     {@code none} together with others
   */
  Metric summary(String... aggregates);

  /**
   * Sets the metric's x-axis: charts plot it against {@code stepMetric} rather than {@code
   * _step}. With step sync (the default), a row that has this metric but not the step metric gets
   * the step metric's last logged value.
   *
   * @param stepMetric a metric name (no glob), or {@code null} for {@code _step}
   * @return this definition
   * @throws IllegalArgumentException naming {@code stepMetric} when it is empty or has a {@code *}
   */
  Metric stepMetric(String stepMetric);

  /**
   * Sets whether rows holding this metric but not its step metric get the step metric's last
   * logged value (W&amp;B's {@code step_sync}); {@code true} by default, and without a step
   * metric it has no effect.
   *
   * @param stepSync whether to fill in the step metric
   * @return this definition
   */
  Metric stepSync(boolean stepSync);

  /**
   * Sets whether charts hide the metric by default; {@code false} by default.
   *
   * @param hidden whether to hide the metric
   * @return this definition
   */
  Metric hidden(boolean hidden);

  /** The summary aggregates set, empty for the default (the last value). */
  List<String> summary();

  /** The step metric, or {@code null} for {@code _step}. */
  String stepMetric();

  /** Whether step sync is on. */
  boolean stepSync();

  /** Whether the metric is hidden. */
  boolean hidden();
}
