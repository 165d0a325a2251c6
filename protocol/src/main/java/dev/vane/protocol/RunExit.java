package dev.vane.protocol;

/**
 * The end of a run. Exit code 0 means finished; anything else failed.
 *
 * @param exitCode the process or run exit code
 * @param endTime Unix seconds (fractional) when the run ended
 * @param runtime seconds from start to end
 * @param error the stack trace of the error that ended the run, or {@code null}
 */
public record RunExit(int exitCode, double endTime, double runtime, String error)
    implements RecordPayload {

  @Override
  public RecordType type() {
    return RecordType.EXIT;
  }
}
