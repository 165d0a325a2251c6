package dev.vane.server.store;

/**
 * An owner of projects: a user's own entity (same name as the user) or a team.
 *
 * @param id the entity's id
 * @param name the name
 * @param team whether the entity is a team (members with roles) rather than a user's own
 * @param createdAt epoch milliseconds
 */
public record Entity(long id, String name, boolean team, long createdAt) {}
