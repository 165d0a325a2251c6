package dev.vane.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of user-given values. Each check throws {@link IllegalArgumentException} whose message
 * starts with the name of the option and says what is wrong.
 */
public final class Validation {
  /** Characters a run ID must not contain. */
  public static final String FORBIDDEN_ID_CHARS = ":;,#?/'";
  /** The longest allowed run ID. */
  public static final int MAX_ID_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private Validation() {}

  /** Checks a run ID: 1 to 64 characters, no edge whitespace, none of {@code : ; , # ? / '}. */
  public static String checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "id must be at most " + MAX_ID_LENGTH + " characters, got " + id.length() + ": '"
              + id + "'");
    }
    if (!id.strip().equals(id)) {
      throw new IllegalArgumentException(
          "id must not start or end with whitespace: '" + id + "'");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (FORBIDDEN_ID_CHARS.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "id must not contain '" + c + "' (none of : ; , # ? / ' is allowed): '" + id + "'");
      }
    }
    return id;
  }

  /**
   * Checks an entity or project name: 1 to 128 characters of {@code A-Z a-z 0-9 _ - .}, not
   * starting with {@code .} or {@code -}.
   */
  public static String checkName(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be 1 to 128 characters of A-Z a-z 0-9 _ - . not starting with . or -: '"
              + value + "'");
    }
    return value;
  }

  /** Checks a mode and returns it in lower case: {@code online}, {@code offline} or {@code disabled}. */
  public static String checkMode(String field, String value) {
    String m = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (!m.equals("online") && !m.equals("offline") && !m.equals("disabled")) {
      throw new IllegalArgumentException(
          field + " must be one of online, offline, disabled: '" + value + "'");
    }
    return m;
  }

  /**
   * Checks a console capture mode: {@code auto}, {@code wrap} or {@code off}, any case; returns it
   * in lower case.
   */
  public static String checkConsole(String field, String value) {
    String m = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("wrap") && !m.equals("off")) {
      throw new IllegalArgumentException(
          field + " must be one of auto, wrap, off: '" + value + "'");
    }
    return m;
  }

  /** Checks a server base URL (http or https, with a host) and returns it without trailing slash. */
  public static String checkBaseUrl(String field, String value) {
    String v = value == null ? "" : value.strip();
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(
            field + " must be an http or https URL such as http://127.0.0.1:8080: '" + value + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          field + " must be an http or https URL such as http://127.0.0.1:8080: '" + value + "'",
          e);
    }
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }

  /** The metadata parts that may be turned off. */
  public static final java.util.Set<String> CAPTURES =
      java.util.Set.of("metadata", "git", "diff", "requirements", "hardware");

  /**
   * Checks metadata part names.
   *
   * @param name the option or setting, for the message
   * @return the parts, trimmed
   * @throws IllegalArgumentException naming {@code name} for an unknown part
   */
  public static java.util.Set<String> checkCaptures(String name, java.util.Collection<String> parts) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String p : parts) {
      String part = p == null ? "" : p.strip();
      if (!CAPTURES.contains(part)) {
        throw new IllegalArgumentException(name + " must name parts among metadata, git, diff,"
            + " requirements, hardware, not '" + p + "'");
      }
      out.add(part);
    }
    return java.util.Collections.unmodifiableSet(out);
  }
}
