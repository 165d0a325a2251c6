package dev.vane.server.ingest;

/**
 * Who sends an ingest request, which decides what it says about the run's liveness besides its
 * records.
 */
public enum IngestMode {
  /**
   * The run's live writer: the request is a heartbeat ({@code heartbeatAt} is set to now) and a
   * {@code crashed} run that speaks again is {@code running} again.
   */
  LIVE,
  /**
   * Records replayed from a run log after the fact ({@code vane sync}): applied like any others,
   * but no heartbeat, so {@code heartbeatAt} keeps the live writer's last one and a {@code
   * crashed} run stays crashed (unless the records hold its exit record).
   */
  REPLAY,
  /**
   * The last request of a replay: the log is complete and its writer is gone. A replay; besides,
   * a run still {@code running} without an exit record becomes {@code crashed}, since nobody will
   * end it any more.
   */
  FINAL
}
