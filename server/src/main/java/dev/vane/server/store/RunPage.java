package dev.vane.server.store;

import java.util.List;

/**
 * One page of a project's runs, in the order the list asked for.
 *
 * @param runs the runs of the page
 * @param next where the next page starts, or {@code null} on the last page
 */
public record RunPage(List<Run> runs, Position next) {

  /**
   * A place in a list's order: the page starts after the run whose sort values these are (keyset
   * paging, so runs added or changed meanwhile neither repeat nor shift the pages).
   *
   * @param now the time the first page was read (epoch millis): later pages count a running run's
   *     runtime and {@code $within} up to it, so the order stays the one the first page saw
   * @param keys the last listed run's sort values, one per sort term of the order ({@code Long},
   *     {@code Double} or {@code String}), ending with its creation time and key
   */
  public record Position(long now, List<Object> keys) {
    /** Copies the list. */
    public Position {
      keys = List.copyOf(keys);
    }
  }
}
