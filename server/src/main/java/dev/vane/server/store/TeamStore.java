package dev.vane.server.store;

import java.util.List;
import java.util.Optional;

/** Team memberships and roles. */
public interface TeamStore {

  /** The user's role in the team, if a member. */
  Optional<Role> role(long teamId, long userId);

  /** The team's members, by user name. */
  List<TeamMember> members(long teamId);

  /** The user's teams, by team name. */
  List<TeamMember> teamsOf(long userId);

  /** Makes the user a member with that role, or changes the role of a member. */
  void put(long teamId, long userId, Role role, long now);

  /** Removes the user from the team; whether it was a member. */
  boolean remove(long teamId, long userId);

  /** Keeps other transactions from changing the team's members until this one ends. */
  void lockForUpdate(long teamId);
}
