package dev.vane.server.store;

import java.util.Locale;
import java.util.Optional;

/** A user's role in a team, from the most to the least rights. */
public enum Role {
  /** Manages members and project settings, and writes runs. */
  ADMIN,
  /** Creates projects and writes runs. */
  MEMBER,
  /** Reads the team's (non-private) projects. */
  VIEWER;

  /** The lower-case name used in the API and the database. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of that lower-case name, if it is one. */
  public static Optional<Role> of(String code) {
    for (Role r : values()) {
      if (r.code().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
