package dev.vane.protocol;

/**
 * The kinds of record a run is made of. The code is the byte stored in each run log frame and sent
 * over the wire; codes are never reused, and readers pass frames of unknown codes through untouched
 * so that older readers can skip what newer writers add.
 */
public enum RecordType {
  /** The run's identity and initial settings; always the first record (sequence number 1). */
  RUN(1),
  /** A change to the run's config: keys set to new values. */
  CONFIG(2),
  /** One history row: metrics of one step, with {@code _step}, {@code _runtime}, {@code _timestamp}. */
  HISTORY(3),
  /** An explicit change to the run's summary, overriding the last logged values. */
  SUMMARY(4),
  /** The end of the run: exit code, end time and, for a failed run, the error. */
  EXIT(5),
  /** A metric definition (W&B's {@code define_metric}): summary aggregates and custom x-axis. */
  METRIC(6),
  /** A change of the run's name, notes, tags, group or job type during the run. */
  DETAILS(7),
  /** Where and how the program runs: command, Java, OS, host, hardware, git. */
  METADATA(8),
  /**
   * One sample of system metrics ({@code system.*}: CPU, memory, disk, network, JVM, GPUs) with
   * its timestamp and runtime.
   */
  SYSTEM(9),
  /** Lines the process printed to stdout and stderr, captured while the run lives. */
  CONSOLE(10);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  /** The byte stored in frames for this type. */
  public int code() {
    return code;
  }

  /** The type with this code, or {@code null} when the code is unknown to this version. */
  public static RecordType ofCode(int code) {
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
