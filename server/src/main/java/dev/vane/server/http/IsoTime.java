package dev.vane.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as the API writes them: ISO-8601 UTC with milliseconds, {@code
 * 2026-11-27T15:47:50.123Z}.
 */
final class IsoTime {
  // Fixed three fraction digits: Instant.toString() drops them on whole seconds.
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private IsoTime() {}

  /** The epoch millis formatted, or {@code null} for {@code null}. */
  static String format(Long epochMillis) {
    return epochMillis == null ? null : FORMAT.format(Instant.ofEpochMilli(epochMillis));
  }
}
