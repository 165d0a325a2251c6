package dev.vane.server.store;

import java.util.Locale;

/** The lifecycle state of a run, written in lower case in the API and the database. */
public enum RunState {
  /** Created and not ended. */
  RUNNING,
  /** Ended with exit code 0. */
  FINISHED,
  /** Ended with a non-zero exit code. */
  FAILED,
  /** Stopped sending heartbeats without ending (set by a later liveness check). */
  CRASHED,
  /** Stopped on request. */
  KILLED;

  /** The lower-case name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with this wire name. */
  public static RunState ofWireName(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
