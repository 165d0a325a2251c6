package dev.vane.server.store;

/**
 * A run list's {@code filter} or {@code order} that cannot be run: malformed JSON, an unknown
 * field or operator, a value of the wrong type, a bad regular expression. The HTTP layer answers
 * it with {@code invalid_argument}.
 */
public final class RunQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  /**
   * Creates the error.
   *
   * @param parameter the query parameter at fault: {@code filter}, {@code order} or {@code cursor}
   * @param problem what is wrong, for people
   */
  public RunQueryException(String parameter, String problem) {
    super(parameter + ": " + problem);
    this.parameter = parameter;
  }

  /** The query parameter at fault. */
  public String parameter() {
    return parameter;
  }
}
