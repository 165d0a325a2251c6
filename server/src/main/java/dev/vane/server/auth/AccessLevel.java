package dev.vane.server.auth;

/** What a user may do with an entity or a project, each level including the ones before it. */
public enum AccessLevel {
  /** Nothing: not even that it exists. */
  NONE,
  /** Read runs, history, files and logs. */
  READ,
  /** Also create, change, stop and delete runs and upload files. */
  WRITE,
  /** Also manage a team's members and a project's visibility. */
  ADMIN;

  /** Whether this level includes {@code other}. */
  public boolean includes(AccessLevel other) {
    return compareTo(other) >= 0;
  }
}
