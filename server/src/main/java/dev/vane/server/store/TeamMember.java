package dev.vane.server.store;

/**
 * A user's membership of a team.
 *
 * @param team the team's name
 * @param user the user's name
 * @param role the user's role in the team
 * @param since epoch milliseconds when the role was given
 */
public record TeamMember(String team, String user, Role role, long since) {}
