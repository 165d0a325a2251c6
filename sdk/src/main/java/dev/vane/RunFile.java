package dev.vane;

import java.time.Instant;

/**
 * A file of a run as the server has it ({@link ApiRun#files()}): saved with {@link Run#save} or
 * written by the SDK ({@code config.json}, {@code vane-summary.json}, ...).
 *
 * @param name the name, relative to the run's files, {@code /}-separated
 * @param size bytes
 * @param sha256 the content's SHA-256 in lower-case hex
 * @param updatedAt when the current content was stored
 */
public record RunFile(String name, long size, String sha256, Instant updatedAt) {}
