package dev.vane.server.store;

import java.util.Locale;
import java.util.Optional;

/** Who may see a project besides server admins. */
public enum Visibility {
  /** A user's project: only the user. A team's: its admins and the project's creator. */
  PRIVATE,
  /** Every member of the team by role (for a user's own entity, the same as private). */
  TEAM,
  /** Every signed-in user may read; writing still needs a team role. */
  PUBLIC;

  /** The lower-case name used in the API and the database. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The visibility of that lower-case name, if it is one. */
  public static Optional<Visibility> of(String code) {
    for (Visibility v : values()) {
      if (v.code().equals(code)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
