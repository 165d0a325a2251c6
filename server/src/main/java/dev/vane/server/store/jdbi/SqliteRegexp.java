package dev.vane.server.store.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * The SQL function {@code vane_regexp(pattern, text)} on SQLite, which has no regular expressions
 * of its own: 1 when Java's {@link Pattern} finds the pattern in the text, 0 when not, {@code
 * NULL} for a {@code NULL} text. Run list filters use it, so {@code $regex} means Java regular
 * expressions on SQLite.
 */
final class SqliteRegexp extends Function {
  /** The function's SQL name. */
  static final String NAME = "vane_regexp";

  // One filter uses few patterns; the last one is kept compiled for the rows that follow.
  private String lastSource;
  private Pattern lastPattern;

  private SqliteRegexp() {}

  /** Defines the function on the handle's connection (again: the definition is replaced). */
  static void register(Handle handle) {
    try {
      Connection c = handle.getConnection().unwrap(SQLiteConnection.class);
      Function.create(c, NAME, new SqliteRegexp(), 2, Function.FLAG_DETERMINISTIC);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot define " + NAME + " on SQLite", e);
    }
  }

  @Override
  protected void xFunc() throws SQLException {
    String source = value_text(0);
    String text = value_text(1);
    if (source == null || text == null) {
      result();
      return;
    }
    if (!source.equals(lastSource)) {
      lastPattern = Pattern.compile(source);
      lastSource = source;
    }
    result(lastPattern.matcher(text).find() ? 1 : 0);
  }
}
