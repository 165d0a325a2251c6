package dev.vane.server.store;

/**
 * A project of an entity.
 *
 * @param id the project's id
 * @param entity the entity name
 * @param name the project name
 * @param runCount runs in the project now (deleted runs not counted)
 * @param createdAt epoch milliseconds
 */
public record Project(long id, String entity, String name, long runCount, long createdAt) {}
