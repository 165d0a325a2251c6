package dev.vane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.RunIds;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunOptionsTest {

  private static IllegalArgumentException rejected(RunOptions.Builder b) {
    return assertThrows(IllegalArgumentException.class, b::build);
  }

  @Test
  void generatedIdsAreEightBase36Characters() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RunIds.generate();
      assertTrue(id.matches("^[a-z0-9]{8}$"), id);
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }

  @Test
  void emptyIdIsRejected() {
    IllegalArgumentException e = rejected(RunOptions.builder().id(""));
    assertTrue(e.getMessage().startsWith("id "), e.getMessage());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void idLongerThan64IsRejected() {
    assertEquals("a".repeat(64), RunOptions.builder().id("a".repeat(64)).build().id());
    IllegalArgumentException e = rejected(RunOptions.builder().id("a".repeat(65)));
    assertTrue(e.getMessage().startsWith("id "), e.getMessage());
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {" abc", "abc ", "\tabc", "abc\n", " "})
  void idPaddedWithWhitespaceIsRejected(String id) {
    IllegalArgumentException e = rejected(RunOptions.builder().id(id));
    assertTrue(e.getMessage().startsWith("id "), e.getMessage());
    assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a:b", "a;b", "a,b", "a#b", "a?b", "a/b", "a'b"})
  void idWithForbiddenCharacterIsRejected(String id) {
    IllegalArgumentException e = rejected(RunOptions.builder().id(id));
    assertTrue(e.getMessage().startsWith("id "), e.getMessage());
    assertTrue(e.getMessage().contains("'" + id.charAt(1) + "'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pdo5110r", "my run", "run-1.2_3", "ÄÖÜ", "a b"})
  void otherIdsAreAccepted(String id) {
    assertEquals(id, RunOptions.builder().id(id).build().id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "-dash", "has space", "slash/x", "ü"})
  void badProjectAndEntityNamesAreRejected(String name) {
    IllegalArgumentException p = rejected(RunOptions.builder().project(name));
    assertTrue(p.getMessage().startsWith("project "), p.getMessage());
    IllegalArgumentException e = rejected(RunOptions.builder().entity(name));
    assertTrue(e.getMessage().startsWith("entity "), e.getMessage());
  }

  @Test
  void projectOf128CharactersIsAcceptedAnd129Rejected() {
    RunOptions.builder().project("p".repeat(128)).build();
    rejected(RunOptions.builder().project("p".repeat(129)));
  }

  @Test
  void modeMustBeOneOfThree() {
    for (String m : List.of("online", "offline", "disabled", "OFFLINE")) {
      assertEquals(m.toLowerCase(), RunOptions.builder().mode(m).build().mode());
    }
    IllegalArgumentException e = rejected(RunOptions.builder().mode("cloud"));
    assertTrue(e.getMessage().startsWith("mode must be one of online, offline, disabled"),
        e.getMessage());
  }

  @Test
  void otherOptionsAreChecked() {
    assertTrue(rejected(RunOptions.builder().baseUrl("ftp://x")).getMessage()
        .startsWith("baseUrl"));
    assertTrue(rejected(RunOptions.builder().name(" ")).getMessage().startsWith("name"));
    assertTrue(rejected(RunOptions.builder().tags("a", "")).getMessage().startsWith("tags"));
    assertTrue(rejected(RunOptions.builder().finishTimeout(Duration.ofSeconds(-1))).getMessage()
        .startsWith("finishTimeout"));
    IllegalArgumentException zero =
        rejected(RunOptions.builder().heartbeatInterval(Duration.ZERO));
    assertTrue(zero.getMessage().startsWith("heartbeatInterval must be positive"),
        zero.getMessage());
    assertTrue(rejected(RunOptions.builder().heartbeatInterval(Duration.ofSeconds(-30)))
        .getMessage().startsWith("heartbeatInterval"));
    assertEquals(Duration.ofMillis(1),
        RunOptions.builder().heartbeatInterval(Duration.ofMillis(1)).build().heartbeatInterval());
    for (Duration bad : new Duration[] {Duration.ofMillis(999), Duration.ofSeconds(-1)}) {
      IllegalArgumentException sys = rejected(RunOptions.builder().systemSampleInterval(bad));
      assertTrue(sys.getMessage().startsWith("systemSampleInterval must be zero (off) or at least"
          + " one second"), sys.getMessage());
    }
    assertEquals(Duration.ZERO, RunOptions.builder().systemSampleInterval(Duration.ZERO).build()
        .systemSampleInterval());
    assertEquals(Duration.ofSeconds(1), RunOptions.builder()
        .systemSampleInterval(Duration.ofSeconds(1)).build().systemSampleInterval());
    IllegalArgumentException c =
        rejected(RunOptions.builder().config(Map.of("lr", 0.1, "model", new Object())));
    assertTrue(c.getMessage().startsWith("config.model"), c.getMessage());
  }

  @Test
  void configKeepsNestedValuesListsAndNulls() {
    java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("lr", 0.01f);
    config.put("layers", new int[] {64, 32});
    config.put("optimizer", Map.of("name", "adam"));
    config.put("seed", null);
    RunOptions o = RunOptions.builder().config(config).build();
    assertEquals(0.01, o.config().get("lr"));
    assertEquals(List.of(64L, 32L), o.config().get("layers"));
    assertEquals(Map.of("name", "adam"), o.config().get("optimizer"));
    assertTrue(o.config().containsKey("seed"));
  }

  @Test
  void newBuilderCopiesEveryOption() {
    RunOptions o = RunOptions.builder().entity("nico").project("p").id("abc").name("n")
        .notes("x").tags("t").group("g").jobType("train").mode("offline")
        .baseUrl("http://h:1/").apiKey("k").silent(true).finishTimeout(Duration.ofSeconds(3))
        .heartbeatInterval(Duration.ofSeconds(7)).systemSampleInterval(Duration.ofSeconds(4))
        .config(Map.of("a", 1)).build();
    RunOptions copy = o.newBuilder().build();
    assertEquals(Duration.ofSeconds(4), copy.systemSampleInterval());
    assertEquals(Duration.ofSeconds(7), copy.heartbeatInterval());
    assertEquals(o.toString(), copy.toString());
    assertEquals("http://h:1", copy.baseUrl());
    assertEquals(List.of("t"), copy.tags());
    assertEquals(Map.of("a", 1L), copy.config());
    assertEquals(Boolean.TRUE, copy.silent());
  }

  @Test
  void resumeTakesOnlyWandbModes() {
    for (String mode : List.of("must", "allow", "never", "auto")) {
      assertEquals(mode, RunOptions.builder().resume(mode).build().resume());
    }
    IllegalArgumentException e = rejected(RunOptions.builder().resume("yes"));
    assertTrue(e.getMessage().startsWith("resume must be"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "abc?step=3", "abc?_step=", "abc?_step=-1", "abc?_step=1.5",
      "?_step=3", "a/b?_step=3"})
  void branchPointsMustBeRunIdAndStep(String text) {
    assertTrue(rejected(RunOptions.builder().forkFrom(text)).getMessage().contains("forkFrom"));
    assertTrue(rejected(RunOptions.builder().resumeFrom(text)).getMessage().contains("resumeFrom"));
  }

  @Test
  void branchPointsParse() {
    RunOptions o = RunOptions.builder().forkFrom("src?_step=42").build();
    assertEquals("src?_step=42", o.forkFrom());
    assertEquals("src?_step=0", RunOptions.builder().resumeFrom("src?_step=0").build().resumeFrom());
    assertEquals(o.forkFrom(), o.newBuilder().build().forkFrom());
  }

  @Test
  void forkResumeAndRewindDoNotMix() {
    assertTrue(rejected(RunOptions.builder().forkFrom("a?_step=1").resumeFrom("a?_step=1"))
        .getMessage().contains("cannot both"));
    assertTrue(rejected(RunOptions.builder().resume("allow").forkFrom("a?_step=1"))
        .getMessage().startsWith("resume"));
    assertTrue(rejected(RunOptions.builder().id("a").forkFrom("a?_step=1"))
        .getMessage().contains("resumeFrom"), "a fork of itself points to rewind");
    assertTrue(rejected(RunOptions.builder().id("b").resumeFrom("a?_step=1"))
        .getMessage().contains("forkFrom"), "a rewind under another ID points to fork");
  }
}
