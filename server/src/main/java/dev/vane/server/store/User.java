package dev.vane.server.store;

/**
 * A user of the server. API keys act as their user.
 *
 * @param id the user's id
 * @param name the user name, which is also the name of the user's own entity
 * @param admin whether the user is a server admin, who may read and write every entity
 * @param createdAt epoch milliseconds
 */
public record User(long id, String name, boolean admin, long createdAt) {}
