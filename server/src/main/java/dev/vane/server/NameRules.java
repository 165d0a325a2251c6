package dev.vane.server;

import java.util.regex.Pattern;

/**
 * The naming rules of the HTTP API: entity and project names, and run IDs. Checked at every entry
 * point (run creation and every URL), so stored names always follow them.
 */
public final class NameRules {
  /** 1 to 128 of {@code A-Z a-z 0-9 _ - .}, not starting with {@code .} or {@code -}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /** Characters a run ID may not contain: they break URLs, paths or W&B-style run paths. */
  private static final String ID_FORBIDDEN = ":;,#?/'";

  /** The longest run ID, in characters (code points). */
  public static final int MAX_ID_LENGTH = 64;

  private NameRules() {}

  /**
   * Checks an entity or project name.
   *
   * @param field what the name is, for the message ("entity", "project")
   * @throws ApiException {@code invalid_name} when the name breaks the rules
   */
  public static String requireName(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw ApiException.of(
          ErrorCode.INVALID_NAME,
          field
              + " name "
              + quote(value)
              + " is invalid: use 1 to 128 of A-Z a-z 0-9 _ - . and do not start with . or -");
    }
    return value;
  }

  /**
   * Checks free text kept in a column of its own (a run's name, notes, group, job type, writer):
   * anything goes but the NUL character, which PostgreSQL cannot store in text. Refused on every
   * backend, so the API does not depend on the database.
   *
   * @param field the field, for the message
   * @return the value ({@code null} passes)
   * @throws ApiException {@code invalid_argument} when the text contains U+0000
   */
  public static String requireStorableText(String field, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw ApiException.of(
          ErrorCode.INVALID_ARGUMENT, field + " must not contain the NUL character (U+0000)");
    }
    return value;
  }

  /**
   * Checks a run ID.
   *
   * @throws ApiException {@code invalid_id} naming the broken rule
   */
  public static String requireRunId(String id) {
    if (id == null || id.isEmpty()) {
      throw invalidId(id, "it is empty");
    }
    if (id.codePointCount(0, id.length()) > MAX_ID_LENGTH) {
      throw invalidId(id, "it is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (!id.strip().equals(id)) {
      throw invalidId(id, "it starts or ends with whitespace");
    }
    for (int i = 0; i < ID_FORBIDDEN.length(); i++) {
      char c = ID_FORBIDDEN.charAt(i);
      if (id.indexOf(c) >= 0) {
        throw invalidId(id, "it contains '" + c + "' (none of : ; , # ? / ' are allowed)");
      }
    }
    return id;
  }

  private static ApiException invalidId(String id, String why) {
    return ApiException.of(ErrorCode.INVALID_ID, "run id " + quote(id) + " is invalid: " + why);
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return '"' + shown + '"';
  }
}
