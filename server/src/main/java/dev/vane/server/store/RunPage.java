package dev.vane.server.store;

import java.util.List;

/**
 * One page of a project's runs, newest first.
 *
 * @param runs the runs of the page
 * @param next where the next page starts, or {@code null} on the last page
 */
public record RunPage(List<Run> runs, Position next) {

  /**
   * A place in the newest-first order: the page starts after this run.
   *
   * @param createdAt the last listed run's creation time
   * @param pk the last listed run's key, which breaks ties
   */
  public record Position(long createdAt, long pk) {}
}
