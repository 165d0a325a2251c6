package dev.vane.server.store;

/**
 * A run file's metadata.
 *
 * @param name the file name, relative to the run's folder, {@code /}-separated
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param updatedAt epoch milliseconds of the last upload
 */
public record StoredFile(String name, long size, String sha256, long updatedAt) {}
