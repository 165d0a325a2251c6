package dev.vane.server.store;

/**
 * A field of a run that list filters and orders name: a fixed field ({@code name}, {@code
 * createdAt}, ...) or one top-level key of the run's config or summary.
 *
 * @param kind which field
 * @param key for {@link Kind#CONFIG} and {@link Kind#SUMMARY} the top-level key (it may hold dots
 *     and slashes: {@code config.optimizer.lr} names the key {@code "optimizer.lr"}); otherwise
 *     {@code null}
 */
public record RunField(Kind kind, String key) {

  /** How a field's values compare. */
  public enum Type {
    /** Text, compared by code point; numbers never match. */
    TEXT,
    /** A time (epoch millis in the database, ISO-8601 in filters). */
    TIME,
    /** A number. */
    NUMBER,
    /** The run's tag list: equality means "has the tag". */
    TAGS,
    /** A JSON value of the config or summary: numbers, strings or booleans. */
    JSON
  }

  /** The fields. */
  public enum Kind {
    /** The run ID. */
    ID("id", Type.TEXT),
    /** The display name. */
    NAME("name", Type.TEXT),
    /** The state's wire name. */
    STATE("state", Type.TEXT),
    /** When the run was created. */
    CREATED_AT("createdAt", Type.TIME),
    /** When the run last changed. */
    UPDATED_AT("updatedAt", Type.TIME),
    /** The run's last heartbeat. */
    HEARTBEAT_AT("heartbeatAt", Type.TIME),
    /** When the run ended. */
    FINISHED_AT("finishedAt", Type.TIME),
    /** Wall-clock seconds from creation to the end (now for a running run). */
    RUNTIME_SECONDS("runtimeSeconds", Type.NUMBER),
    /** The tags. */
    TAGS("tags", Type.TAGS),
    /** The group. */
    GROUP("group", Type.TEXT),
    /** The job type. */
    JOB_TYPE("jobType", Type.TEXT),
    /** The notes. */
    NOTES("notes", Type.TEXT),
    /** A top-level config key. */
    CONFIG("config", Type.JSON),
    /** A top-level summary key. */
    SUMMARY("summary", Type.JSON);

    private final String wireName;
    private final Type type;

    Kind(String wireName, Type type) {
      this.wireName = wireName;
      this.type = type;
    }

    /** The name in filters and orders (the prefix before the dot for config and summary). */
    public String wireName() {
      return wireName;
    }

    /** How the field's values compare. */
    public Type type() {
      return type;
    }
  }

  /** The run's creation time, the default order. */
  public static final RunField CREATED_AT = new RunField(Kind.CREATED_AT, null);

  /** How the field's values compare. */
  public Type type() {
    return kind.type();
  }

  /** The field's name as filters and orders write it. */
  public String name() {
    return key == null ? kind.wireName() : kind.wireName() + "." + key;
  }

  /**
   * The field a name names.
   *
   * @param parameter the query parameter, for the error
   * @throws RunQueryException for an unknown name
   */
  public static RunField parse(String name, String parameter) {
    for (Kind kind : Kind.values()) {
      if (kind.type() == Type.JSON) {
        String prefix = kind.wireName() + ".";
        if (name.startsWith(prefix) && name.length() > prefix.length()) {
          if (name.indexOf('"') >= 0) {
            // SQLite's JSON paths cannot quote a key that holds a double quote.
            throw new RunQueryException(
                parameter, "keys with a double quote cannot be filtered or sorted on: " + name);
          }
          // The whole rest is one key: W&B flattens nested config keys with dots, and summary
          // keys such as "train/loss" hold slashes, so neither can mean nesting.
          return new RunField(kind, name.substring(prefix.length()));
        }
      } else if (kind.wireName().equals(name)) {
        return new RunField(kind, null);
      }
    }
    throw new RunQueryException(
        parameter,
        "unknown field \""
            + name
            + "\" (fields: id, name, state, createdAt, updatedAt, heartbeatAt, finishedAt,"
            + " runtimeSeconds, tags, group, jobType, notes, config.KEY, summary.KEY)");
  }
}
