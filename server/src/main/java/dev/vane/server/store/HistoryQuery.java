package dev.vane.server.store;

import java.util.Set;

/**
 * Which history rows and keys to read.
 *
 * @param keys the keys wanted, or {@code null} for every key; with keys, rows also keep {@code
 *     _step}, {@code _runtime} and {@code _timestamp}, and rows holding none of the keys are left
 *     out
 * @param minStep the first step, inclusive, or {@code null}
 * @param maxStep the last step, inclusive, or {@code null}
 * @param limit the most rows returned, or {@code null} for all
 */
public record HistoryQuery(Set<String> keys, Long minStep, Long maxStep, Integer limit) {

  /** Every row, every key. */
  public static HistoryQuery all() {
    return new HistoryQuery(null, null, null, null);
  }
}
