package dev.vane.server.store;

/**
 * A project of an entity.
 *
 * @param id the project's id
 * @param entity the entity name
 * @param name the project name
 * @param createdAt epoch milliseconds
 * @param visibility who may see it
 * @param createdBy the id of the user who created it, or {@code null} when unknown
 */
public record Project(
    long id,
    String entity,
    String name,
    long createdAt,
    Visibility visibility,
    Long createdBy) {}
