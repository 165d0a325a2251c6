package dev.vane;

/**
 * Which runs {@link Api#runs(String, RunFilter)} lists: the runs whose group, job type and state
 * equal the values set here; unset ({@code null}) values match every run. Immutable.
 *
 * <pre>{@code
 * api.runs("nico/awesome-project", RunFilter.group("sweep-7"));
 * api.runs("nico/awesome-project", RunFilter.group("sweep-7").withState("finished"));
 * }</pre>
 *
 * @param group the group, or {@code null} for any
 * @param jobType the job type, or {@code null} for any
 * @param state the state's wire name ({@code running}, {@code finished}, {@code failed}, {@code
 *     crashed}, {@code killed}), or {@code null} for any; the server refuses other names
 */
public record RunFilter(String group, String jobType, String state) {
  private static final RunFilter ALL = new RunFilter(null, null, null);

  /** Every run. */
  public static RunFilter all() {
    return ALL;
  }

  /** The runs of a group. */
  public static RunFilter group(String group) {
    return ALL.withGroup(group);
  }

  /** The runs of a job type. */
  public static RunFilter jobType(String jobType) {
    return ALL.withJobType(jobType);
  }

  /** The runs in a state, such as {@code running} or {@code finished}. */
  public static RunFilter state(String state) {
    return ALL.withState(state);
  }

  /** This filter, limited to a group ({@code null}: any group). */
  public RunFilter withGroup(String group) {
    return new RunFilter(group, jobType, state);
  }

  /** This filter, limited to a job type ({@code null}: any job type). */
  public RunFilter withJobType(String jobType) {
    return new RunFilter(group, jobType, state);
  }

  /** This filter, limited to a state ({@code null}: any state). */
  public RunFilter withState(String state) {
    return new RunFilter(group, jobType, state);
  }
}
