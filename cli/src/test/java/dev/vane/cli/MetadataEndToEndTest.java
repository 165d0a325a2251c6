package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.ContinuingProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata of a run started from a git checkout, as the API shows it. */
class MetadataEndToEndTest {
  private static final String P = "meta";

  @TempDir Path tmp;
  TestServer server;
  Path repo;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(tmp.resolve("server"));
    repo = Files.createDirectories(tmp.resolve("checkout"));
    git("init", "-q", "-b", "main");
    git("config", "user.email", "nico@example.com");
    git("config", "user.name", "Nico");
    git("remote", "add", "origin", "https://nico:s3cret-token@git.example.com/nico/train.git");
    Files.writeString(repo.resolve("train.txt"), "epochs=10\n");
    Files.writeString(repo.resolve(".gitignore"), "vane/\n");
    git("add", ".");
    git("commit", "-q", "-m", "first");
    Files.writeString(repo.resolve("train.txt"), "epochs=20\n"); // uncommitted: dirty
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "git " + args[0] + ": " + out);
    return out.strip();
  }

  private ChildJvm.Result program(String... args) throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    env.put("VANE_BASE_URL", server.baseUrl());
    env.put("VANE_API_KEY", server.key);
    env.put("VANE_ENTITY", "admin");
    List<String> all = new ArrayList<>(List.of(P));
    all.addAll(List.of(args));
    ChildJvm.Result r = ChildJvm.run(repo, env, ChildJvm.testClasspath(),
        ContinuingProgram.class.getName(), all.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return r;
  }

  private String file(String id, String name) throws Exception {
    return server.text("/api/v1/runs/admin/" + P + "/" + id + "/files/" + name);
  }

  @Test
  void aRunFromAGitCheckoutShowsEveryMetadataField() throws Exception {
    program("id=m1", "steps=2");
    JsonNode run = server.get("/api/v1/runs/admin/" + P + "/m1").body();
    JsonNode m = run.get("metadata");
    assertNotNull(m, run.toString());
    for (String field : List.of("vane", "startedAt", "host", "username", "os", "arch", "java",
        "javaVendor", "executable", "program", "args", "cwd", "cpu", "memory", "disk", "git",
        "email")) {
      assertTrue(m.hasNonNull(field), field + " in " + m);
    }
    assertEquals(ContinuingProgram.class.getName(), m.get("program").asText());
    assertEquals("[\"meta\",\"id=m1\",\"steps=2\"]", m.get("args").toString());
    assertTrue(m.get("executable").asText().contains("java"), m.toString());
    assertEquals(System.getProperty("user.name"), m.get("username").asText());
    assertEquals(repo.toRealPath().toString(), Path.of(m.get("cwd").asText()).toRealPath()
        .toString());
    assertTrue(m.get("cpu").get("logicalCores").asInt() > 0);
    assertTrue(m.get("memory").get("totalBytes").asLong() > 0);
    assertFalse(m.has("gpus"), "no GPU on this machine, so no GPU fields: " + m);
    assertEquals("nico@example.com", m.get("email").asText());

    JsonNode g = m.get("git");
    assertEquals("https://git.example.com/nico/train.git", g.get("remote").asText(),
        "credentials never recorded");
    assertEquals("main", g.get("branch").asText());
    assertEquals(git("rev-parse", "HEAD"), g.get("commit").asText());
    assertTrue(g.get("dirty").asBoolean());

    String diff = file("m1", "diff.patch");
    assertNotNull(diff);
    assertTrue(diff.contains("-epochs=10") && diff.contains("+epochs=20"), diff);
    String requirements = file("m1", "requirements.txt");
    assertNotNull(requirements);
    assertTrue(requirements.contains("com.fasterxml.jackson.core:jackson-databind=="),
        requirements);
    String json = file("m1", "vane-metadata.json");
    assertNotNull(json);
    assertTrue(json.contains("\"commit\""), json);
  }

  @Test
  void eachCaptureCanBeTurnedOff() throws Exception {
    program("id=m2", "steps=1", "disableCapture=git,requirements");
    JsonNode m = server.get("/api/v1/runs/admin/" + P + "/m2").body().get("metadata");
    assertFalse(m.has("git"), m.toString());
    assertTrue(m.has("cpu"), m.toString());
    assertEquals(null, file("m2", "requirements.txt"));
    assertEquals(null, file("m2", "diff.patch"), "no git, no diff");

    program("id=m3", "steps=1", "disableCapture=metadata");
    assertTrue(server.get("/api/v1/runs/admin/" + P + "/m3").body().get("metadata").isNull());
    assertEquals(null, file("m3", "vane-metadata.json"));
  }
}
