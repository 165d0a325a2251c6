package dev.vane.server.ingest;

/** Converts record times (Unix seconds, fractional) to the epoch milliseconds the store keeps. */
final class Times {
  private Times() {}

  /**
   * The seconds as epoch millis, or {@code fallback} when the value is unset (0), negative or not
   * finite, as in records from writers that do not fill the field.
   */
  static long millisOrElse(double unixSeconds, long fallback) {
    if (!Double.isFinite(unixSeconds) || unixSeconds <= 0 || unixSeconds > 1e11) {
      return fallback;
    }
    return Math.round(unixSeconds * 1000.0);
  }
}
