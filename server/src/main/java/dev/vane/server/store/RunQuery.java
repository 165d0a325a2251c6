package dev.vane.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A run list's {@code filter} (W&amp;B's MongoDB-style JSON) and {@code order}, parsed and
 * checked. Pure: the SQL is made by the store.
 *
 * @param filter which runs match, or {@code null} for every run
 * @param order the sort keys, most significant first (never empty); ties are broken by creation
 *     time (newest first) and then the run's key
 */
public record RunQuery(Condition filter, List<OrderKey> order) {

  /** The longest {@code $regex} pattern accepted, so a filter cannot be made arbitrarily costly. */
  public static final int MAX_REGEX_LENGTH = 1000;

  /** No filter, newest first. */
  public static final RunQuery DEFAULT =
      new RunQuery(null, List.of(new OrderKey(RunField.CREATED_AT, true)));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

  /** Creates the query; the order list is copied. */
  public RunQuery {
    order = List.copyOf(order);
    if (order.isEmpty()) {
      throw new IllegalArgumentException("order must name at least one field");
    }
  }

  /** A part of a filter. */
  public sealed interface Condition permits All, Any, Test {}

  /**
   * Every condition holds ({@code $and}, or several fields in one object).
   *
   * @param conditions at least one
   */
  public record All(List<Condition> conditions) implements Condition {
    /** Copies the list. */
    public All {
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * At least one condition holds ({@code $or}).
   *
   * @param conditions at least one
   */
  public record Any(List<Condition> conditions) implements Condition {
    /** Copies the list. */
    public Any {
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * One operator on one field.
   *
   * @param field the field
   * @param op the operator
   * @param value by operator: for comparisons a {@code String}, {@code Double}, {@code Boolean},
   *     {@code null} or, on time fields, epoch millis as {@code Long}; for {@code $in}/{@code
   *     $nin} a list of those; for {@code $regex} the pattern; for {@code $exists} a {@code
   *     Boolean}; for {@code $within} the duration in millis as {@code Long}
   */
  public record Test(RunField field, Op op, Object value) implements Condition {}

  /** The operators. */
  public enum Op {
    /** Equal (for tags: has the tag). */
    EQ("$eq"),
    /** Not equal; also matches runs lacking the field. */
    NE("$ne"),
    /** Greater than. */
    GT("$gt"),
    /** Greater than or equal. */
    GTE("$gte"),
    /** Less than. */
    LT("$lt"),
    /** Less than or equal. */
    LTE("$lte"),
    /** Equal to one of a list (for tags: has one of the tags). */
    IN("$in"),
    /** Equal to none of a list; also matches runs lacking the field. */
    NIN("$nin"),
    /** A Java regular expression found in the text. */
    REGEX("$regex"),
    /** The field is set (not missing or null; for tags: at least one tag). */
    EXISTS("$exists"),
    /** A time within the last duration. */
    WITHIN("$within");

    private final String wireName;

    Op(String wireName) {
      this.wireName = wireName;
    }

    /** The operator as filters write it. */
    public String wireName() {
      return wireName;
    }

    /** Whether the operator orders values ({@code $gt} and the like). */
    public boolean isRange() {
      return this == GT || this == GTE || this == LT || this == LTE;
    }
  }

  /**
   * One sort key.
   *
   * @param field the field
   * @param descending whether larger values come first (runs lacking the field come last either
   *     way)
   */
  public record OrderKey(RunField field, boolean descending) {
    /** The key as {@code order} writes it. */
    public String text() {
      return (descending ? "-" : "+") + field.name();
    }
  }

  /** The order as {@code order} writes it, one way per order (cursors carry it). */
  public String orderText() {
    return order.stream().map(OrderKey::text).collect(Collectors.joining(","));
  }

  /**
   * Parses the parameters.
   *
   * @param filter the filter JSON, or {@code null}/blank for every run
   * @param order the order, or {@code null}/blank for {@code -createdAt}
   * @throws RunQueryException naming the parameter and the problem
   */
  public static RunQuery parse(String filter, String order) {
    Condition condition = filter == null || filter.isBlank() ? null : parseFilter(filter);
    List<OrderKey> keys =
        order == null || order.isBlank() ? DEFAULT.order() : parseOrder(order);
    return new RunQuery(condition, keys);
  }

  private static List<OrderKey> parseOrder(String order) {
    List<OrderKey> keys = new ArrayList<>();
    for (String part : order.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new RunQueryException("order", "empty sort key in \"" + order + "\"");
      }
      boolean descending = p.charAt(0) == '-';
      // A '+' in a query string arrives as a space unless encoded; strip() removed it, so a bare
      // field name sorts ascending too.
      String name = p.charAt(0) == '-' || p.charAt(0) == '+' ? p.substring(1).strip() : p;
      RunField field = RunField.parse(name, "order");
      if (keys.stream().anyMatch(k -> k.field().equals(field))) {
        throw new RunQueryException("order", "field \"" + name + "\" is named twice");
      }
      keys.add(new OrderKey(field, descending));
    }
    return keys;
  }

  private static Condition parseFilter(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new RunQueryException(
          "filter", "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new RunQueryException("filter", "must be a JSON object");
    }
    return object(root);
  }

  /** An object: its entries all hold ({@code $and}/{@code $or} entries or field conditions). */
  private static Condition object(JsonNode node) {
    List<Condition> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("$and") || key.equals("$or")) {
        List<Condition> list = list(key, e.getValue());
        parts.add(key.equals("$and") ? new All(list) : new Any(list));
      } else if (key.startsWith("$")) {
        throw new RunQueryException(
            "filter", "unknown operator \"" + key + "\" (use $and or $or, or a field name)");
      } else {
        parts.add(field(RunField.parse(key, "filter"), e.getValue()));
      }
    }
    if (parts.isEmpty()) {
      throw new RunQueryException("filter", "empty object: name a field, $and or $or");
    }
    return parts.size() == 1 ? parts.get(0) : new All(parts);
  }

  private static List<Condition> list(String op, JsonNode value) {
    if (!value.isArray() || value.isEmpty()) {
      throw new RunQueryException("filter", op + " takes a non-empty list of objects");
    }
    List<Condition> list = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw new RunQueryException("filter", op + " takes a non-empty list of objects");
      }
      list.add(object(item));
    }
    return list;
  }

  /** A field's condition: a value (equality) or an object of operators, which all hold. */
  private static Condition field(RunField field, JsonNode value) {
    boolean operators = value.isObject() && value.size() > 0;
    if (operators) {
      Iterator<String> names = value.fieldNames();
      while (names.hasNext()) {
        operators &= names.next().startsWith("$");
      }
    }
    if (!operators) {
      return test(field, Op.EQ, value);
    }
    List<Condition> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = value.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(test(field, op(e.getKey()), e.getValue()));
    }
    return parts.size() == 1 ? parts.get(0) : new All(parts);
  }

  private static Op op(String name) {
    for (Op op : Op.values()) {
      if (op.wireName().equals(name)) {
        return op;
      }
    }
    throw new RunQueryException(
        "filter",
        "unknown operator \""
            + name
            + "\" (operators: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $regex, $exists,"
            + " $within)");
  }

  private static Test test(RunField field, Op op, JsonNode v) {
    String where = field.name() + " " + op.wireName();
    RunField.Type type = field.type();
    switch (op) {
      case EXISTS -> {
        if (!v.isBoolean()) {
          throw new RunQueryException("filter", where + " takes true or false");
        }
        return new Test(field, op, v.booleanValue());
      }
      case WITHIN -> {
        if (type != RunField.Type.TIME) {
          throw new RunQueryException("filter", where + ": $within applies to time fields only");
        }
        return new Test(field, op, duration(where, v));
      }
      case REGEX -> {
        if (type == RunField.Type.TIME || type == RunField.Type.NUMBER) {
          throw new RunQueryException(
              "filter", where + ": $regex applies to text, tags, config and summary");
        }
        return new Test(field, op, regex(where, v));
      }
      case IN, NIN -> {
        if (!v.isArray()) {
          throw new RunQueryException("filter", where + " takes a list of values");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode item : v) {
          values.add(value(field, op, item, where));
        }
        return new Test(field, op, values);
      }
      default -> {
        if (op.isRange() && type == RunField.Type.TAGS) {
          throw new RunQueryException(
              "filter", where + ": tags take $eq, $ne, $in, $nin, $regex and $exists");
        }
        Object value = value(field, op, v, where);
        if (op.isRange() && (value == null || value instanceof Boolean)) {
          throw new RunQueryException("filter", where + " takes a number or a string");
        }
        return new Test(field, op, value);
      }
    }
  }

  /** A comparison value: text, number, boolean, null; on time fields an ISO-8601 time. */
  private static Object value(RunField field, Op op, JsonNode v, String where) {
    if (v.isNull()) {
      return null;
    }
    if (field.type() == RunField.Type.TIME) {
      if (!v.isTextual()) {
        throw new RunQueryException(
            "filter", where + " takes an ISO-8601 time such as \"2026-01-31T12:00:00Z\"");
      }
      try {
        return OffsetDateTime.parse(v.textValue()).toInstant().toEpochMilli();
      } catch (DateTimeException e) {
        throw new RunQueryException(
            "filter",
            where + ": \"" + v.textValue() + "\" is not an ISO-8601 time with an offset");
      }
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw new RunQueryException(
        "filter", where + " takes a string, number, boolean or null, not " + kind(v));
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String regex(String where, JsonNode v) {
    if (!v.isTextual()) {
      throw new RunQueryException("filter", where + " takes a string");
    }
    String re = v.textValue();
    if (re.length() > MAX_REGEX_LENGTH) {
      throw new RunQueryException(
          "filter", where + ": the pattern is longer than " + MAX_REGEX_LENGTH + " characters");
    }
    try {
      Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new RunQueryException(
          "filter", where + ": not a valid regular expression: " + e.getDescription());
    }
    return re;
  }

  private static long duration(String where, JsonNode v) {
    var m = v.isTextual() ? DURATION.matcher(v.textValue()) : null;
    if (m == null || !m.matches()) {
      throw new RunQueryException(
          "filter", where + " takes a duration such as \"30s\", \"15m\", \"12h\" or \"7d\"");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "s" -> 1000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        };
    return n * unit;
  }
}
