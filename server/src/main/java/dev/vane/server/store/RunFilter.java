package dev.vane.server.store;

/**
 * Which runs of a project a list holds: each field that is set must match exactly; {@code null}
 * fields match every run.
 *
 * @param group the runs' group, or {@code null} for any
 * @param jobType the runs' job type, or {@code null} for any
 * @param state the runs' state, or {@code null} for any
 */
public record RunFilter(String group, String jobType, RunState state) {
  /** Every run. */
  public static final RunFilter ALL = new RunFilter(null, null, null);
}
