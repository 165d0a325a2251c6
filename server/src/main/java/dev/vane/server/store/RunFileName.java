package dev.vane.server.store;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;

/**
 * A checked run file name: relative, {@code /}-separated, each part non-empty and neither {@code .}
 * nor {@code ..}, no backslash and no control characters. Such a name cannot leave the run's
 * folder; {@link RunFolders} still checks the resolved path, in case the rules and the file system
 * disagree.
 *
 * @param value the name as given
 */
public record RunFileName(String value) {
  /** The longest name, in characters. */
  public static final int MAX_LENGTH = 1024;

  /**
   * Checks a name.
   *
   * @throws ApiException {@code invalid_path} naming the broken rule
   */
  public RunFileName {
    if (value == null || value.isEmpty()) {
      throw invalid(value, "it is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid(value, "it is longer than " + MAX_LENGTH + " characters");
    }
    if (value.indexOf('\\') >= 0) {
      throw invalid(value, "it contains a backslash");
    }
    if (value.startsWith("/")) {
      throw invalid(value, "it is absolute");
    }
    for (String part : value.split("/", -1)) {
      if (part.isEmpty()) {
        throw invalid(value, "it has an empty part");
      }
      if (part.equals(".") || part.equals("..")) {
        throw invalid(value, "it has a '" + part + "' part");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw invalid(value, "it contains a control character");
      }
    }
  }

  private static ApiException invalid(String name, String why) {
    String shown = name == null ? "null" : '"' + name.replaceAll("\\p{Cntrl}", "?") + '"';
    return ApiException.of(ErrorCode.INVALID_PATH, "file name " + shown + " is invalid: " + why);
  }

  @Override
  public String toString() {
    return value;
  }
}
