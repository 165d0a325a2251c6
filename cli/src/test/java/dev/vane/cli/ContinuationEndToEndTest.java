package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.ContinuingProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Resume, fork and rewind as users do them: programs in child JVMs against a real server, each
 * history checked row by row.
 */
class ContinuationEndToEndTest extends LiveServerTest {
  private static final String P = "continue";


  @Override
  Map<String, String> env() {
    Map<String, String> env = super.env();
    env.put("VANE_ENTITY", "admin");
    return env;
  }

  private ChildJvm.Result program(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(P));
    all.addAll(List.of(args));
    return ChildJvm.run(work, env(), ChildJvm.testClasspath(), ContinuingProgram.class.getName(),
        all.toArray(String[]::new));
  }

  private ChildJvm.Result ok(String... args) throws IOException, InterruptedException {
    ChildJvm.Result r = program(args);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return r;
  }

  private static String printed(String stdout, String what) {
    Matcher m = Pattern.compile("^" + what + " (.*)$", Pattern.MULTILINE).matcher(stdout);
    assertTrue(m.find(), what + " printed: " + stdout);
    return m.group(1);
  }

  private JsonNode run(String id) throws IOException, InterruptedException {
    TestServer.Response r = server.get("/api/v1/runs/admin/" + P + "/" + id);
    assertEquals(200, r.status(), String.valueOf(r.body()));
    return r.body();
  }

  /** The history as {@code [step, gen, i]} per row. */
  private List<List<Long>> history(String id) throws IOException, InterruptedException {
    JsonNode rows = server.get("/api/v1/runs/admin/" + P + "/" + id + "/history").body()
        .get("rows");
    List<List<Long>> out = new ArrayList<>();
    rows.forEach(r -> out.add(List.of(r.get("_step").asLong(), r.get("gen").asLong(),
        r.get("i").asLong())));
    return out;
  }

  /** Rows {@code [firstStep + i, gen, i]} for i in 0..count-1. */
  private static List<List<Long>> rows(long firstStep, long gen, int count) {
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(List.of(firstStep + i, gen, (long) i));
    }
    return out;
  }

  @SafeVarargs
  private static List<List<Long>> concat(List<List<Long>>... parts) {
    List<List<Long>> out = new ArrayList<>();
    for (List<List<Long>> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  @Test
  void resumeAllowContinuesAtTheNextStepWithConfigMerged() throws Exception {
    ok("id=res1", "steps=5", "config=lr:0.1");
    ChildJvm.Result second = ok("id=res1", "resume=allow", "steps=3", "gen=2", "config=extra:yes");
    assertTrue(second.err().contains("Resuming run res1 at step 5"), second.err());
    assertTrue(printed(second.out(), "CONFIG").contains("lr=0.1"), second.out());
    assertTrue(printed(second.out(), "CONFIG").contains("extra=yes"), second.out());
    assertTrue(printed(second.out(), "SUMMARY").contains("gen=1"), second.out());
    assertEquals(concat(rows(0, 1, 5), rows(5, 2, 3)), history("res1"));
    JsonNode run = run("res1");
    assertEquals("finished", run.get("state").asText());
    assertEquals("0.1", run.get("config").get("lr").asText());
    assertEquals("yes", run.get("config").get("extra").asText());
    assertEquals(2, run.get("summary").get("gen").asLong());
    assertTrue(run.get("durationSeconds").asDouble() <= run.get("runtimeSeconds").asDouble());
  }

  @Test
  void resumeMustAndNeverRefuseWithClearErrors() throws Exception {
    ChildJvm.Result must = program("id=nothere", "resume=must");
    assertNotEquals(0, must.exitCode());
    assertTrue(must.err().contains("must"), must.err());
    assertEquals(404, server.get("/api/v1/runs/admin/" + P + "/nothere").status());

    ok("id=there", "steps=2");
    ChildJvm.Result never = program("id=there", "resume=never");
    assertNotEquals(0, never.exitCode());
    assertTrue(never.err().contains("run_exists"), never.err());
    assertEquals(rows(0, 1, 2), history("there"));

    ChildJvm.Result plain = program("id=there");
    assertNotEquals(0, plain.exitCode());
    assertTrue(plain.err().contains("resume"), "says how to continue it: " + plain.err());
  }

  @Test
  void resumeAutoContinuesAfterAFailureAndStartsAfreshAfterACleanFinish() throws Exception {
    ChildJvm.Result first = program("resume=auto", "steps=2", "exit=3");
    assertEquals(3, first.exitCode(), first.err());
    String id = printed(first.out(), "RUN").split("/")[2];
    Path resumeFile = work.resolve("vane/vane-resume.json");
    assertTrue(Files.readString(resumeFile).contains(id), "kept after a failure");
    assertEquals("failed", run(id).get("state").asText());

    ChildJvm.Result second = ok("resume=auto", "steps=2", "gen=2");
    assertEquals(id, printed(second.out(), "RUN").split("/")[2], "the same run");
    assertEquals(concat(rows(0, 1, 2), rows(2, 2, 2)), history(id));
    assertEquals("finished", run(id).get("state").asText());
    assertFalse(Files.exists(resumeFile), "deleted after a clean finish");

    ChildJvm.Result third = ok("resume=auto", "steps=1", "gen=3");
    assertNotEquals(id, printed(third.out(), "RUN").split("/")[2], "a new run");
  }

  @Test
  void aSecondLiveWriterGetsAClearErrorAndTheFirstGoesOn() throws Exception {
    ChildJvm.Live live = ChildJvm.startLive(work, env(), ContinuingProgram.class, P, "id=busy",
        "steps=2", "hold=true");
    try {
      ChildJvm.Result second = program("id=busy", "resume=allow", "gen=2");
      assertNotEquals(0, second.exitCode());
      assertTrue(second.err().contains("run_live"), second.err());
      assertTrue(second.err().contains("another process"), second.err());
      assertEquals("running", run("busy").get("state").asText());
    } finally {
      live.process.toHandle().destroy();
      live.awaitExit();
    }
    assertEquals(rows(0, 1, 2), history("busy"));
    assertEquals("killed", run("busy").get("state").asText());
  }

  @Test
  void forkSharesTheSourceHistoryAndContinuesAfterTheStep() throws Exception {
    ok("id=src", "steps=10", "config=lr:0.1");
    ChildJvm.Result fork = ok("id=fork1", "forkFrom=src?_step=4", "steps=3", "gen=2",
        "config=lr:0.5");
    assertTrue(printed(fork.out(), "CONFIG").contains("lr=0.5"), fork.out());
    assertTrue(printed(fork.out(), "SUMMARY").contains("i=4"), "recomputed at step 4: "
        + fork.out());
    assertEquals(concat(rows(0, 1, 5), rows(5, 2, 3)), history("fork1"));
    assertEquals(rows(0, 1, 10), history("src"), "the source is unchanged");
    JsonNode run = run("fork1");
    assertEquals("src", run.get("forkedFrom").get("run").asText());
    assertEquals(4, run.get("forkedFrom").get("step").asLong());
    assertEquals(8, run.get("historyLength").asLong());
    assertEquals("0.5", run.get("config").get("lr").asText());
    assertEquals(2, run.get("summary").get("i").asLong());

    ChildJvm.Result bad = program("id=src", "forkFrom=src?_step=1");
    assertNotEquals(0, bad.exitCode());
    assertTrue(bad.err().contains("forkFrom"), bad.err());
  }

  @Test
  void rewindKeepsTheIdArchivesTheOriginalAndContinuesAfterTheStep() throws Exception {
    ok("id=rw", "steps=10");
    ChildJvm.Result rewound = ok("resumeFrom=rw?_step=3", "steps=2", "gen=2");
    assertEquals("admin/" + P + "/rw", printed(rewound.out(), "RUN"));
    assertEquals(concat(rows(0, 1, 4), rows(4, 2, 2)), history("rw"));
    assertEquals(rows(0, 1, 10), history("rw~1"), "the original, archived");
    JsonNode run = run("rw");
    assertEquals("rw~1", run.get("forkedFrom").get("run").asText());
    assertEquals("finished", run.get("state").asText());
    assertTrue(run("rw~1").get("archived").asBoolean());
  }

  @Test
  void nameNotesAndTagsChangeDuringTheRunAndSurviveAResume() throws Exception {
    ChildJvm.Result r = ok("id=det", "tags=a", "group=g1", "jobType=train", "setName=renamed",
        "setNotes=second try", "setTags=x,y");
    assertEquals("renamed|second try|[x, y]|g1|train", printed(r.out(), "DETAILS"));
    JsonNode run = run("det");
    assertEquals("renamed", run.get("name").asText());
    assertEquals("second try", run.get("notes").asText());
    assertEquals("[\"x\",\"y\"]", run.get("tags").toString());
    assertEquals("g1", run.get("group").asText());
    assertEquals("train", run.get("jobType").asText());

    // A resume that gives none keeps them, and sees them.
    ChildJvm.Result resumed = ok("id=det", "resume=must", "steps=1");
    assertEquals("renamed|second try|[x, y]|g1|train", printed(resumed.out(), "DETAILS"));
    assertEquals("renamed", run("det").get("name").asText());
  }
}
