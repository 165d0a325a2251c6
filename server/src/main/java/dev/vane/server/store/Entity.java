package dev.vane.server.store;

/**
 * An owner of projects: a user's own entity for now, teams later. Entities exist once a user or a
 * run in that entity name is created.
 *
 * @param id the entity's id
 * @param name the name
 * @param createdAt epoch milliseconds
 */
public record Entity(long id, String name, long createdAt) {}
