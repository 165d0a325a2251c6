package dev.vane.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.server.store.RunQuery.All;
import dev.vane.server.store.RunQuery.Any;
import dev.vane.server.store.RunQuery.Op;
import dev.vane.server.store.RunQuery.OrderKey;
import dev.vane.server.store.RunQuery.Test;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing run list filters and orders, and every error they can have. */
class RunQueryTest {

  private static RunQuery.Condition filter(String json) {
    return RunQuery.parse(json, null).filter();
  }

  private static RunField field(String name) {
    return RunField.parse(name, "filter");
  }

  @org.junit.jupiter.api.Test
  void noParametersMeanEveryRunNewestFirst() {
    RunQuery q = RunQuery.parse(null, " ");
    assertNull(q.filter());
    assertEquals("-createdAt", q.orderText());
    assertEquals(RunQuery.DEFAULT, RunQuery.parse("", ""));
  }

  @org.junit.jupiter.api.Test
  void aBareValueIsEquality() {
    assertEquals(new Test(field("state"), Op.EQ, "finished"), filter("{\"state\":\"finished\"}"));
    assertEquals(new Test(field("config.lr"), Op.EQ, 0.1), filter("{\"config.lr\":0.1}"));
    assertEquals(new Test(field("config.lr"), Op.EQ, 3.0), filter("{\"config.lr\":3}"));
    assertEquals(new Test(field("summary.ok"), Op.EQ, true), filter("{\"summary.ok\":true}"));
    assertEquals(new Test(field("group"), Op.EQ, null), filter("{\"group\":null}"));
  }

  @org.junit.jupiter.api.Test
  void everyOperatorParses() {
    assertEquals(new Test(field("name"), Op.EQ, "a"), filter("{\"name\":{\"$eq\":\"a\"}}"));
    assertEquals(new Test(field("name"), Op.NE, "a"), filter("{\"name\":{\"$ne\":\"a\"}}"));
    assertEquals(new Test(field("summary.loss"), Op.GT, 1.5),
        filter("{\"summary.loss\":{\"$gt\":1.5}}"));
    assertEquals(new Test(field("summary.loss"), Op.GTE, 1.0),
        filter("{\"summary.loss\":{\"$gte\":1}}"));
    assertEquals(new Test(field("runtimeSeconds"), Op.LT, 60.0),
        filter("{\"runtimeSeconds\":{\"$lt\":60}}"));
    assertEquals(new Test(field("id"), Op.LTE, "m"), filter("{\"id\":{\"$lte\":\"m\"}}"));
    assertEquals(new Test(field("tags"), Op.IN, List.of("a", "b")),
        filter("{\"tags\":{\"$in\":[\"a\",\"b\"]}}"));
    assertEquals(new Test(field("config.opt"), Op.NIN, List.of("sgd", 1.0)),
        filter("{\"config.opt\":{\"$nin\":[\"sgd\",1]}}"));
    assertEquals(new Test(field("name"), Op.REGEX, "^a.*"),
        filter("{\"name\":{\"$regex\":\"^a.*\"}}"));
    assertEquals(new Test(field("notes"), Op.EXISTS, false),
        filter("{\"notes\":{\"$exists\":false}}"));
    assertEquals(new Test(field("createdAt"), Op.WITHIN, 7 * 86_400_000L),
        filter("{\"createdAt\":{\"$within\":\"7d\"}}"));
    assertEquals(new Test(field("heartbeatAt"), Op.WITHIN, 90_000L),
        filter("{\"heartbeatAt\":{\"$within\":\"90s\"}}"));
    assertEquals(new Test(field("finishedAt"), Op.WITHIN, 15 * 60_000L),
        filter("{\"finishedAt\":{\"$within\":\"15m\"}}"));
    assertEquals(new Test(field("updatedAt"), Op.WITHIN, 2 * 3_600_000L),
        filter("{\"updatedAt\":{\"$within\":\"2h\"}}"));
    assertEquals(new Test(field("createdAt"), Op.GT, 1767225600000L),
        filter("{\"createdAt\":{\"$gt\":\"2026-01-01T00:00:00Z\"}}"));
  }

  @org.junit.jupiter.api.Test
  void andOrAndSeveralKeysNest() {
    RunQuery.Condition c =
        filter("{\"$or\":[{\"state\":\"running\"},{\"$and\":[{\"group\":\"g\"},"
            + "{\"summary.acc\":{\"$gte\":0.5,\"$lt\":0.9}}]}],\"jobType\":\"train\"}");
    assertEquals(
        new All(List.of(
            new Any(List.of(
                new Test(field("state"), Op.EQ, "running"),
                new All(List.of(
                    new Test(field("group"), Op.EQ, "g"),
                    new All(List.of(
                        new Test(field("summary.acc"), Op.GTE, 0.5),
                        new Test(field("summary.acc"), Op.LT, 0.9))))))),
            new Test(field("jobType"), Op.EQ, "train"))),
        c);
  }

  @org.junit.jupiter.api.Test
  void configAndSummaryKeysKeepDotsAndSlashes() {
    assertEquals(new RunField(RunField.Kind.CONFIG, "optimizer.lr"), field("config.optimizer.lr"));
    assertEquals(new RunField(RunField.Kind.SUMMARY, "train/loss"), field("summary.train/loss"));
    assertEquals("summary.train/loss", field("summary.train/loss").name());
  }

  @org.junit.jupiter.api.Test
  void ordersParse() {
    RunQuery q = RunQuery.parse(null, "-summary.acc, +name,config.lr");
    assertEquals(
        List.of(
            new OrderKey(field("summary.acc"), true),
            new OrderKey(field("name"), false),
            new OrderKey(field("config.lr"), false)),
        q.order());
    assertEquals("-summary.acc,+name,+config.lr", q.orderText());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{|not valid JSON",
        "[1]|must be a JSON object",
        "{}|empty object",
        "{\"$nor\":[]}|unknown operator \"$nor\"",
        "{\"$and\":{}}|$and takes a non-empty list",
        "{\"$or\":[]}|$or takes a non-empty list",
        "{\"$or\":[1]}|$or takes a non-empty list",
        "{\"colour\":1}|unknown field \"colour\"",
        "{\"config.\":1}|unknown field \"config.\"",
        "{\"config.a\\\"b\":1}|double quote",
        "{\"name\":{\"$like\":\"a\"}}|unknown operator \"$like\"",
        "{\"name\":{\"$in\":\"a\"}}|name $in takes a list",
        "{\"name\":{\"$nin\":5}}|name $nin takes a list",
        "{\"name\":{\"$exists\":1}}|takes true or false",
        "{\"name\":{\"$within\":\"7d\"}}|time fields only",
        "{\"createdAt\":{\"$within\":\"7 days\"}}|takes a duration",
        "{\"createdAt\":{\"$within\":7}}|takes a duration",
        "{\"createdAt\":{\"$gt\":5}}|ISO-8601",
        "{\"createdAt\":{\"$gt\":\"yesterday\"}}|not an ISO-8601 time",
        "{\"runtimeSeconds\":{\"$regex\":\"1\"}}|$regex applies to",
        "{\"name\":{\"$regex\":\"(\"}}|not a valid regular expression",
        "{\"name\":{\"$regex\":5}}|takes a string",
        "{\"tags\":{\"$gt\":\"a\"}}|tags take",
        "{\"summary.acc\":{\"$gt\":true}}|takes a number or a string",
        "{\"summary.acc\":{\"$lt\":null}}|takes a number or a string",
        "{\"config.a\":[1]}|not array",
        "{\"config.a\":{\"$eq\":{\"b\":1}}}|not object",
        "{\"config.a\":{\"$in\":[[1]]}}|not array",
      })
  void badFiltersAreRefusedNamingTheProblem(String json, String problem) {
    RunQueryException e = assertThrows(RunQueryException.class, () -> RunQuery.parse(json, null));
    assertEquals("filter", e.parameter());
    assertTrue(e.getMessage().startsWith("filter: "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void longRegexesAreRefused() {
    String json = "{\"name\":{\"$regex\":\"" + "a".repeat(1001) + "\"}}";
    RunQueryException e = assertThrows(RunQueryException.class, () -> RunQuery.parse(json, null));
    assertTrue(e.getMessage().contains("longer than 1000"), e.getMessage());
    RunQuery.parse("{\"name\":{\"$regex\":\"" + "a".repeat(1000) + "\"}}", null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-colour|unknown field \"colour\"",
        "-name,|empty sort key",
        ",name|empty sort key",
        "name,-name|named twice",
        "-config.|unknown field",
      })
  void badOrdersAreRefused(String order, String problem) {
    RunQueryException e = assertThrows(RunQueryException.class, () -> RunQuery.parse(null, order));
    assertEquals("order", e.parameter());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
