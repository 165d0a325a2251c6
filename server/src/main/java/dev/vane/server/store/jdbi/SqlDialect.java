package dev.vane.server.store.jdbi;

import org.jdbi.v3.core.Handle;

/**
 * The few places where the stores' SQL differs between SQLite and PostgreSQL. Everything else
 * (schema, queries, {@code INSERT ... ON CONFLICT}, {@code UPDATE ... RETURNING}) is shared.
 *
 * <p>Most differences are about locking. The others are the JSON functions and regular expressions
 * of run list filters ({@link RunQuerySql}); each JSON method takes a JSON text column and a bound
 * parameter (such as {@code :q0}) that holds the top-level key.
 *
 * <p>The locking differences: SQLite has one writer at a time: a write transaction
 * begins {@code IMMEDIATE} and so already excludes every other writer, and SQLite knows neither row
 * locks nor {@code LOCK TABLE}. PostgreSQL runs write transactions side by side, from this process
 * and others, so work that reads a value and writes based on it locks the rows it read.
 */
public enum SqlDialect {
  /** SQLite: writes are serialized whole, so lock clauses are empty. */
  SQLITE {
    @Override
    String forUpdateOf(String alias) {
      return "";
    }

    @Override
    String lockTable(String table) {
      return null;
    }

    @Override
    String tryAdvisoryXactLock() {
      return null;
    }

    @Override
    String jsonNumber(String column, String key) {
      String path = "'$.\"' || " + key + " || '\"'";
      return "CASE WHEN json_type(" + column + ", " + path + ") IN ('integer', 'real') THEN"
          + " json_extract(" + column + ", " + path + ") END";
    }

    @Override
    String jsonText(String column, String key) {
      String path = "'$.\"' || " + key + " || '\"'";
      return "CASE WHEN json_type(" + column + ", " + path + ") = 'text' THEN"
          + " json_extract(" + column + ", " + path + ") END";
    }

    @Override
    String jsonBoolean(String column, String key) {
      String path = "'$.\"' || " + key + " || '\"'";
      return "CASE json_type(" + column + ", " + path + ") WHEN 'true' THEN 1 WHEN 'false' THEN 0"
          + " END";
    }

    @Override
    String collated(String text) {
      return text; // SQLite compares text bytewise (BINARY), which is code point order in UTF-8
    }

    @Override
    String hasTag(String tag) {
      return "EXISTS (SELECT 1 FROM json_each(r.tags_json) t WHERE t.value = " + tag + ")";
    }

    @Override
    String tagMatches(String pattern) {
      return "EXISTS (SELECT 1 FROM json_each(r.tags_json) t WHERE "
          + SqliteRegexp.NAME + "(" + pattern + ", t.value))";
    }

    @Override
    String matches(String text, String pattern) {
      return SqliteRegexp.NAME + "(" + pattern + ", " + text + ")";
    }

    @Override
    void prepareRegex(Handle handle) {
      SqliteRegexp.register(handle);
    }
  },

  /** PostgreSQL: row locks with {@code FOR UPDATE}, table locks with {@code LOCK TABLE}. */
  POSTGRESQL {
    @Override
    String forUpdateOf(String alias) {
      // OF: a query that joins projects and entities must lock only the row it names.
      return " FOR UPDATE OF " + alias;
    }

    @Override
    String lockTable(String table) {
      // Excludes other writers of the table (and itself) but not readers.
      return "LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE";
    }

    @Override
    String tryAdvisoryXactLock() {
      return "SELECT pg_try_advisory_xact_lock(:key)";
    }

    @Override
    String jsonNumber(String column, String key) {
      String v = value(column, key);
      return "CASE WHEN jsonb_typeof(" + v + ") = 'number' THEN CAST(" + v + " #>> '{}' AS"
          + " DOUBLE PRECISION) END";
    }

    @Override
    String jsonText(String column, String key) {
      String v = value(column, key);
      return "CASE WHEN jsonb_typeof(" + v + ") = 'string' THEN " + v + " #>> '{}' END";
    }

    @Override
    String jsonBoolean(String column, String key) {
      String v = value(column, key);
      return "CASE WHEN jsonb_typeof(" + v + ") = 'boolean' THEN CASE WHEN " + v
          + " #>> '{}' = 'true' THEN 1 ELSE 0 END END";
    }

    private static String value(String column, String key) {
      return "(CAST(" + column + " AS jsonb) -> CAST(" + key + " AS text))";
    }

    @Override
    String collated(String text) {
      // Code point order, as on SQLite, whatever the database's default collation.
      return "(" + text + ") COLLATE \"C\"";
    }

    @Override
    String hasTag(String tag) {
      return "(CAST(r.tags_json AS jsonb) @> jsonb_build_array(CAST(" + tag + " AS text)))";
    }

    @Override
    String tagMatches(String pattern) {
      return "EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(r.tags_json AS jsonb)) t(v)"
          + " WHERE t.v ~ " + pattern + ")";
    }

    @Override
    String matches(String text, String pattern) {
      // PostgreSQL's own (POSIX ARE) regular expressions: see docs/http-api.md for how they
      // differ from Java's. Evaluating in the database keeps filtered pages cheap.
      return "(" + text + ") ~ " + pattern;
    }

    @Override
    void prepareRegex(Handle handle) {
      // built in
    }
  };

  /**
   * The clause that ends a {@code SELECT} to lock the rows of the table aliased {@code alias} until
   * the transaction ends; empty where writes are serialized anyway.
   */
  abstract String forUpdateOf(String alias);

  /**
   * The statement that keeps other transactions from writing the table until this one ends, or
   * {@code null} where writes are serialized anyway.
   */
  abstract String lockTable(String table);

  /**
   * The query (one boolean, parameter {@code :key}) that takes an advisory lock until the
   * transaction ends if no other transaction holds it, or {@code null} where writes are serialized
   * anyway (the lock is then always had).
   */
  abstract String tryAdvisoryXactLock();

  /** The key's value if it is a JSON number (as a number), else {@code NULL}. */
  abstract String jsonNumber(String column, String key);

  /** The key's value if it is a JSON string (as text), else {@code NULL}. */
  abstract String jsonText(String column, String key);

  /** 1 or 0 if the key's value is JSON {@code true} or {@code false}, else {@code NULL}. */
  abstract String jsonBoolean(String column, String key);

  /** The text expression, compared and sorted by code point. */
  abstract String collated(String text);

  /** Whether the run's tags ({@code r.tags_json}) hold the tag (a parameter). */
  abstract String hasTag(String tag);

  /** Whether a tag of the run matches the regular expression (a parameter). */
  abstract String tagMatches(String pattern);

  /** Whether the regular expression (a parameter) is found in the text. */
  abstract String matches(String text, String pattern);

  /** Makes {@link #matches} and {@link #tagMatches} work on the handle's connection. */
  abstract void prepareRegex(Handle handle);
}
