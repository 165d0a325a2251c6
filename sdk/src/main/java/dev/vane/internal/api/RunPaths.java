package dev.vane.internal.api;

import dev.vane.internal.Validation;
import dev.vane.protocol.wire.Endpoints;

/** The path strings of the public API: {@code "entity/project"} and {@code "entity/project/id"}. */
public final class RunPaths {
  private RunPaths() {}

  /**
   * A run's path.
   *
   * @param entity the entity
   * @param project the project
   * @param id the run ID
   */
  public record RunPath(String entity, String project, String id) {
    /** The API path of the run, {@code /api/v1/runs/E/P/ID}. */
    public String api() {
      return Endpoints.run(entity, project, id);
    }

    /** {@code entity/project/id}. */
    @Override
    public String toString() {
      return entity + "/" + project + "/" + id;
    }
  }

  /**
   * A project's path.
   *
   * @param entity the entity
   * @param project the project
   */
  public record ProjectPath(String entity, String project) {
    /** {@code entity/project}. */
    @Override
    public String toString() {
      return entity + "/" + project;
    }
  }

  /**
   * Parses {@code "entity/project/id"}.
   *
   * @param argument the argument's name, for messages
   * @throws IllegalArgumentException naming the argument when the path is malformed
   */
  public static RunPath run(String argument, String path) {
    String[] parts = split(argument, path, 3, "entity/project/id");
    try {
      Validation.checkId(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(argument + " '" + path + "': the run " + e.getMessage());
    }
    return new RunPath(name(argument, path, "entity", parts[0]),
        name(argument, path, "project", parts[1]), parts[2]);
  }

  /**
   * Parses {@code "entity/project"}.
   *
   * @param argument the argument's name, for messages
   * @throws IllegalArgumentException naming the argument when the path is malformed
   */
  public static ProjectPath project(String argument, String path) {
    String[] parts = split(argument, path, 2, "entity/project");
    return new ProjectPath(name(argument, path, "entity", parts[0]),
        name(argument, path, "project", parts[1]));
  }

  private static String[] split(String argument, String path, int count, String shape) {
    if (path == null) {
      throw new IllegalArgumentException(argument + " must be \"" + shape + "\", not null");
    }
    String[] parts = path.split("/", -1);
    if (parts.length != count) {
      throw new IllegalArgumentException(
          argument + " must be \"" + shape + "\" (" + count + " parts separated by /): '" + path
              + "'");
    }
    return parts;
  }

  private static String name(String argument, String path, String what, String value) {
    try {
      return Validation.checkName(what, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(argument + " '" + path + "': " + e.getMessage());
    }
  }
}
