package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;

/** Typed query parameters; a bad value is an {@code invalid_argument} naming the parameter. */
final class QueryParams {
  private QueryParams() {}

  /** An optional integer parameter within bounds. */
  static Long optionalLong(Context ctx, String name, long min, long max) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.of(
        ErrorCode.INVALID_ARGUMENT,
        name + " must be an integer from " + min + " to " + max + ", not \"" + raw + "\"");
  }

  /** An optional boolean parameter: {@code true} or {@code false}, absent or empty is false. */
  static boolean flag(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty() || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw ApiException.of(
        ErrorCode.INVALID_ARGUMENT, name + " must be true or false, not \"" + raw + "\"");
  }

  /** Comma-separated names, blanks dropped, or {@code null} when none are named. */
  static Set<String> names(String raw) {
    if (raw == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String name = part.strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names.isEmpty() ? null : names;
  }
}
