package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.DocumentExample;
import dev.vane.protocol.VaneJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code cli/target/vane.jar}, used the way the README says: {@code vane server} in
 * one process, {@code vane demo}, {@code vane login} and a user's program on the jar's classpath
 * in others. Runs after {@code package}, in {@code ./mvnw verify}.
 */
class VaneJarIT {
  static final Path JAR = Path.of("target", "vane.jar").toAbsolutePath();

  @TempDir Path tmp;
  Process server;
  String baseUrl;
  String key;

  @BeforeEach
  void startServer() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR);
    Path data = tmp.resolve("data");
    server = new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "server", "--port", "0",
        "--data", data.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("^vane: server \\S+ listening on (http://\\S+)$");
    StringBuilder seen = new StringBuilder();
    String loginUrl = null;
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = listening.matcher(line);
      if (m.matches()) {
        baseUrl = m.group(1);
      }
      if (line.contains("/login?token=")) {
        loginUrl = line.substring(line.indexOf("http"));
        break;
      }
    }
    assertTrue(baseUrl != null && loginUrl != null, seen.toString());
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
    drain.setDaemon(true);
    drain.start();
    Path keyFile = data.resolve("admin-api-key");
    key = Files.readString(keyFile).trim();
    assertEquals(baseUrl + "/login?token=" + key, loginUrl);
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(keyFile));
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.destroy();
    server.waitFor(20, TimeUnit.SECONDS);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return VaneJson.api().readTree(r.body());
  }

  private void assertTenStepRun(String path) throws Exception {
    JsonNode run = get("/api/v1/runs/" + path);
    assertEquals("finished", run.get("state").asText());
    assertTrue(run.get("id").asText().matches("^[a-z0-9]{8}$"), run.toString());
    assertTrue(run.get("name").asText().matches("^[a-z]+-[a-z]+-[0-9]+$"), run.toString());
    JsonNode rows = get("/api/v1/runs/" + path + "/history").get("rows");
    assertEquals(10, rows.size());
    JsonNode last = rows.get(9);
    assertEquals(last.get("accuracy"), run.get("summary").get("accuracy"));
    assertEquals(last.get("loss"), run.get("summary").get("loss"));
  }

  @Test
  void demoAgainstTheServerFromTheJar() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("demo"));
    ChildJvm.Result r = ChildJvm.java(work,
        Map.of("VANE_BASE_URL", baseUrl, "VANE_API_KEY", key),
        List.of("-jar", JAR.toString(), "demo"));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("epoch=9, accuracy="), r.out());
    Matcher m = Pattern.compile("View run at " + Pattern.quote(baseUrl) + "/(\\S+)/runs/(\\S+)")
        .matcher(r.err());
    assertTrue(m.find(), r.err());
    assertEquals("admin/awesome-project", m.group(1));
    assertTrue(r.err().contains("vane: Run summary:"), r.err());
    assertTenStepRun(m.group(1) + "/" + m.group(2));
  }

  @Test
  void userProgramOnTheJarsClasspathAfterLogin() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("program"));
    ChildJvm.Result login = ChildJvm.java(work, Map.of(),
        List.of("-jar", JAR.toString(), "login", "--host", baseUrl, "--key", key));
    assertEquals(0, login.exitCode(), login.err());
    Path settings = work.resolve(".vane-config").resolve("settings");
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(settings));

    // No VANE_* variables: the settings file written by login is all the program has.
    String cp = JAR + java.io.File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
    ChildJvm.Result r = ChildJvm.run(work, Map.of(), cp, DocumentExample.class.getName(),
        "nico", "awesome-project");
    assertEquals(0, r.exitCode(), r.err());
    Matcher m = Pattern.compile("RUN (\\S+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(m.group(1).startsWith("nico/awesome-project/"), m.group(1));
    assertTenStepRun(m.group(1));
  }
}
