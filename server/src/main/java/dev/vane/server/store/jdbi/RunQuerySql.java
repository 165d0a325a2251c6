package dev.vane.server.store.jdbi;

import dev.vane.server.store.RunField;
import dev.vane.server.store.RunQuery;
import dev.vane.server.store.RunQuery.Condition;
import dev.vane.server.store.RunQuery.Op;
import dev.vane.server.store.RunQueryException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of one run list query: the filter as a {@code WHERE} condition, the order as sort terms
 * and the keyset condition that continues after a position. Values are bound as parameters
 * ({@link #params()}), never spliced in.
 *
 * <p>Every condition it makes is true or false, never {@code NULL} (a missing field or a value of
 * another type makes a comparison false), so {@code $ne} and {@code $nin} are plain negations and
 * match runs lacking the field. Every sort term is never {@code NULL} either: a field that may be
 * missing sorts by a rank term first (present before missing, whatever the direction), which also
 * keeps the keyset comparison simple.
 */
final class RunQuerySql {
  /** How a sort term's value is read and bound. */
  enum Kind {
    LONG,
    DOUBLE,
    TEXT
  }

  /**
   * One sort term.
   *
   * @param sql the expression, never {@code NULL}
   * @param kind its value's type
   * @param descending its direction
   */
  record Term(String sql, Kind kind, boolean descending) {}

  private static final String FALSE = "1 = 0";

  private final SqlDialect dialect;
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final String now;
  private boolean usesRegex;

  /**
   * Starts the SQL of one query.
   *
   * @param now the time runtimes and {@code $within} count to (epoch millis)
   */
  RunQuerySql(SqlDialect dialect, long now) {
    this.dialect = dialect;
    this.now = param(now);
  }

  /** The parameters the SQL names, to bind. */
  Map<String, Object> params() {
    return params;
  }

  /** Whether the SQL uses regular expressions ({@link SqlDialect#prepareRegex} first). */
  boolean usesRegex() {
    return usesRegex;
  }

  private String param(Object value) {
    String name = "q" + params.size();
    params.put(name, value);
    return ":" + name;
  }

  /** The condition, never {@code NULL}. */
  String where(Condition c) {
    if (c instanceof RunQuery.All all) {
      return all.conditions().stream().map(this::where).collect(Collectors.joining(" AND ", "(",
          ")"));
    }
    if (c instanceof RunQuery.Any any) {
      return any.conditions().stream().map(this::where).collect(Collectors.joining(" OR ", "(",
          ")"));
    }
    RunQuery.Test t = (RunQuery.Test) c;
    RunField f = t.field();
    return switch (t.op()) {
      case EQ -> sure(eq(f, t.value()));
      case NE -> "NOT " + sure(eq(f, t.value()));
      case IN -> sure(in(f, (List<?>) t.value()));
      case NIN -> "NOT " + sure(in(f, (List<?>) t.value()));
      case EXISTS -> ((Boolean) t.value() ? "" : "NOT ") + sure(exists(f));
      case REGEX -> sure(regex(f, (String) t.value()));
      case WITHIN -> sure(column(f) + " >= " + now + " - " + param(t.value()));
      default -> sure(range(f, t.op(), t.value()));
    };
  }

  /** False where the condition would be {@code NULL}. */
  private static String sure(String condition) {
    return "COALESCE((" + condition + "), " + FALSE + ")";
  }

  private String in(RunField f, List<?> values) {
    if (values.isEmpty()) {
      return FALSE;
    }
    return values.stream().map(v -> eq(f, v)).collect(Collectors.joining(" OR ", "(", ")"));
  }

  private String eq(RunField f, Object v) {
    if (v == null) {
      return "NOT " + sure(exists(f));
    }
    return switch (f.type()) {
      case TEXT -> v instanceof String ? column(f) + " = " + param(v) : FALSE;
      case TIME -> column(f) + " = " + param(v);
      case NUMBER -> v instanceof Double ? runtime() + " = " + param(v) : FALSE;
      case TAGS -> v instanceof String ? dialect.hasTag(param(v)) : FALSE;
      case JSON -> {
        if (v instanceof Double) {
          yield jsonNumber(f) + " = " + param(v);
        }
        if (v instanceof String) {
          yield jsonText(f) + " = " + param(v);
        }
        yield jsonBoolean(f) + " = " + ((Boolean) v ? "1" : "0");
      }
    };
  }

  private String range(RunField f, Op op, Object v) {
    String sign =
        switch (op) {
          case GT -> " > ";
          case GTE -> " >= ";
          case LT -> " < ";
          default -> " <= ";
        };
    return switch (f.type()) {
      case TEXT -> v instanceof String ? dialect.collated(column(f)) + sign + param(v) : FALSE;
      case TIME -> column(f) + sign + param(v);
      case NUMBER -> v instanceof Double ? runtime() + sign + param(v) : FALSE;
      case JSON ->
          v instanceof Double
              ? jsonNumber(f) + sign + param(v)
              : dialect.collated(jsonText(f)) + sign + param(v);
      case TAGS -> throw new IllegalArgumentException("tags have no order");
    };
  }

  private String exists(RunField f) {
    return switch (f.type()) {
      case TEXT, TIME -> column(f) + " IS NOT NULL";
      case NUMBER -> "1 = 1";
      case TAGS -> "r.tags_json <> '[]'";
      case JSON ->
          jsonNumber(f) + " IS NOT NULL OR " + jsonText(f) + " IS NOT NULL OR " + jsonBoolean(f)
              + " IS NOT NULL";
    };
  }

  private String regex(RunField f, String pattern) {
    usesRegex = true;
    return switch (f.type()) {
      case TEXT -> dialect.matches(column(f), param(pattern));
      case TAGS -> dialect.tagMatches(param(pattern));
      case JSON -> dialect.matches(jsonText(f), param(pattern));
      default -> throw new IllegalArgumentException("no regex on " + f.name());
    };
  }

  /** The column of a fixed text or time field. */
  private static String column(RunField f) {
    return switch (f.kind()) {
      case ID -> "r.run_id";
      case NAME -> "r.name";
      case STATE -> "r.state";
      case CREATED_AT -> "r.created_at";
      case UPDATED_AT -> "r.updated_at";
      case HEARTBEAT_AT -> "r.heartbeat_at";
      case FINISHED_AT -> "r.finished_at";
      case GROUP -> "r.group_name";
      case JOB_TYPE -> "r.job_type";
      case NOTES -> "r.notes";
      default -> throw new IllegalArgumentException(f.name() + " is no column");
    };
  }

  /** Runtime seconds as the read API counts them (RunView): to the end, now, or the last sign. */
  private String runtime() {
    return "CAST(COALESCE(r.finished_at, CASE WHEN r.state = 'running' THEN " + now
        + " ELSE COALESCE(r.heartbeat_at, r.updated_at) END) - r.created_at AS DOUBLE PRECISION)"
        + " / 1000";
  }

  private static String jsonColumn(RunField f) {
    return f.kind() == RunField.Kind.CONFIG ? "r.config_json" : "r.summary_json";
  }

  private String jsonNumber(RunField f) {
    return dialect.jsonNumber(jsonColumn(f), param(f.key()));
  }

  private String jsonText(RunField f) {
    return dialect.jsonText(jsonColumn(f), param(f.key()));
  }

  private String jsonBoolean(RunField f) {
    return dialect.jsonBoolean(jsonColumn(f), param(f.key()));
  }

  /** The sort terms of the order, ending with creation time (unless ordered by) and the key. */
  List<Term> terms(List<RunQuery.OrderKey> order) {
    List<Term> terms = new ArrayList<>();
    boolean byCreated = false;
    for (RunQuery.OrderKey k : order) {
      RunField f = k.field();
      boolean d = k.descending();
      switch (f.kind()) {
        case ID, NAME, STATE -> terms.add(new Term(dialect.collated(column(f)), Kind.TEXT, d));
        case CREATED_AT, UPDATED_AT -> {
          terms.add(new Term(column(f), Kind.LONG, d));
          byCreated |= f.kind() == RunField.Kind.CREATED_AT;
        }
        case HEARTBEAT_AT, FINISHED_AT -> {
          terms.add(rank("CASE WHEN " + column(f) + " IS NULL THEN 1 ELSE 0 END"));
          terms.add(new Term("COALESCE(" + column(f) + ", 0)", Kind.LONG, d));
        }
        case RUNTIME_SECONDS -> terms.add(new Term(runtime(), Kind.DOUBLE, d));
        case GROUP, JOB_TYPE, NOTES -> {
          terms.add(rank("CASE WHEN " + column(f) + " IS NULL THEN 1 ELSE 0 END"));
          terms.add(
              new Term(dialect.collated("COALESCE(" + column(f) + ", '')"), Kind.TEXT, d));
        }
        case TAGS -> {
          terms.add(rank("CASE WHEN r.tags_json = '[]' THEN 1 ELSE 0 END"));
          terms.add(new Term(dialect.collated("r.tags_json"), Kind.TEXT, d));
        }
        case CONFIG, SUMMARY -> {
          // Numbers, then strings, then booleans, then runs lacking the key (or holding null,
          // an object or a list); within each, the values in the asked direction.
          String n = jsonNumber(f);
          String t = jsonText(f);
          String b = jsonBoolean(f);
          terms.add(
              rank("CASE WHEN " + n + " IS NOT NULL THEN 0 WHEN " + t + " IS NOT NULL THEN 1"
                  + " WHEN " + b + " IS NOT NULL THEN 2 ELSE 3 END"));
          terms.add(new Term("COALESCE(" + n + ", " + b + ", 0)", Kind.DOUBLE, d));
          terms.add(new Term(dialect.collated("COALESCE(" + t + ", '')"), Kind.TEXT, d));
        }
      }
    }
    if (!byCreated) {
      terms.add(new Term("r.created_at", Kind.LONG, true));
    }
    terms.add(new Term("r.id", Kind.LONG, true));
    return terms;
  }

  private static Term rank(String sql) {
    return new Term(sql, Kind.LONG, false);
  }

  /** The {@code ORDER BY} list. */
  static String orderBy(List<Term> terms) {
    return terms.stream()
        .map(t -> t.sql() + (t.descending() ? " DESC" : " ASC"))
        .collect(Collectors.joining(", "));
  }

  /**
   * The condition that holds for the rows after the position: lexicographically after its keys
   * in the terms' directions.
   *
   * @throws RunQueryException when the keys do not fit the terms (a cursor of another order)
   */
  String after(List<Term> terms, List<Object> keys) {
    if (keys.size() != terms.size()) {
      throw new RunQueryException("cursor", "the cursor belongs to another order");
    }
    List<String> bound = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      bound.add(param(key(terms.get(i).kind(), keys.get(i))));
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      StringBuilder alt = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        alt.append(terms.get(j).sql()).append(" = ").append(bound.get(j)).append(" AND ");
      }
      Term t = terms.get(i);
      alt.append(t.sql()).append(t.descending() ? " < " : " > ").append(bound.get(i)).append(')');
      alternatives.add(alt.toString());
    }
    return String.join(" OR ", alternatives);
  }

  private static Object key(Kind kind, Object value) {
    boolean fits =
        switch (kind) {
          case LONG -> value instanceof Long || value instanceof Integer;
          case DOUBLE -> value instanceof Number;
          case TEXT -> value instanceof String;
        };
    if (!fits) {
      throw new RunQueryException("cursor", "the cursor belongs to another order");
    }
    return switch (kind) {
      case LONG -> ((Number) value).longValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case TEXT -> value;
    };
  }

  /** The sort values of the current row, read from the columns {@code k0, k1, ...}. */
  static List<Object> keysOf(ResultSet rs, List<Term> terms) throws SQLException {
    List<Object> keys = new ArrayList<>(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      String column = "k" + i;
      keys.add(
          switch (terms.get(i).kind()) {
            case LONG -> rs.getLong(column);
            case DOUBLE -> rs.getDouble(column);
            case TEXT -> rs.getString(column);
          });
    }
    return keys;
  }
}
