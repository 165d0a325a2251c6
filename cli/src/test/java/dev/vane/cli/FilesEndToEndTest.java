package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.Api;
import dev.vane.ApiRun;
import dev.vane.RunFile;
import dev.vane.cli.programs.SavingProgram;
import dev.vane.internal.Console;
import dev.vane.internal.Diagnostics;
import dev.vane.internal.sync.ApiClient;
import dev.vane.internal.sync.FileUploader;
import dev.vane.internal.sync.RunTarget;
import dev.vane.protocol.wire.Endpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Saved files, from a child JVM's {@code run.save} to a byte-for-byte download. */
class FilesEndToEndTest extends LiveServerTest {
  final HttpClient http = HttpClient.newHttpClient();

  /** What each saved name should hold: the local files' content at the end of the program. */
  private Map<String, Path> expected() {
    Map<String, Path> m = new TreeMap<>();
    for (String n : List.of("live.txt", "now.txt", "end.txt", "big.bin", "data/a.csv",
        "data/b.csv", "data/c.csv")) {
      m.put(n, work.resolve(n));
    }
    return m;
  }

  @Test
  void savedFilesDownloadByteForByte() throws Exception {
    ChildJvm.Result r = ChildJvm.run(work, env(), ChildJvm.testClasspath(),
        SavingProgram.class.getName(), "saving");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("LIVE_SEEN"), "the changed live file was uploaded during the run: "
        + r.out() + r.err());
    assertTrue(r.err().contains("uploading big.bin 100% (12/12 MB)"), r.err());
    String path = runPath(r.out());
    assertDownloads(path, "saved now\n");
  }

  @Test
  void anOfflineRunsSavedFilesAreUploadedBySync() throws Exception {
    Map<String, String> env = env();
    env.put("VANE_MODE", "offline");
    env.put("VANE_ENTITY", "admin"); // offline, the entity is otherwise unknown to the program
    ChildJvm.Result r = ChildJvm.run(work, env, ChildJvm.testClasspath(),
        SavingProgram.class.getName(), "saving-offline");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Path runDir;
    try (Stream<Path> dirs = Files.list(work.resolve("vane"))) {
      runDir = dirs.filter(p -> p.getFileName().toString().startsWith("offline-run-"))
          .findFirst().orElseThrow();
    }
    ChildJvm.Result sync = ChildJvm.run(work, env(), ChildJvm.testClasspath(),
        VaneCommand.class.getName(), "sync", runDir.toString());
    assertEquals(0, sync.exitCode(), sync.out() + sync.err());
    // The run's own files (config, summary, metadata, requirements, console) and the 7 saved.
    String said = sync.out() + sync.err();
    java.util.Set<String> names = new java.util.TreeSet<>();
    Api.create(server.baseUrl(), server.key).run(runPath(r.out())).files()
        .forEach(f -> names.add(f.name()));
    assertTrue(names.containsAll(java.util.List.of("config.json", "vane-summary.json",
        "vane-metadata.json", "requirements.txt")), names.toString());
    assertTrue(said.contains(" " + names.size() + " file(s) uploaded"), said + " " + names);
    assertDownloads(runPath(r.out()), "saved now\n");
  }

  private void assertDownloads(String path, String nowContent) throws Exception {
    // Read back through the public Api, as a user would.
    ApiRun run = Api.create(server.baseUrl(), server.key).run(path);
    Map<String, RunFile> byName = new HashMap<>();
    run.files().forEach(f -> byName.put(f.name(), f));
    for (Map.Entry<String, Path> e : expected().entrySet()) {
      byte[] local = e.getKey().equals("now.txt")
          ? nowContent.getBytes(StandardCharsets.UTF_8) // "now" keeps the content of the save
          : Files.readAllBytes(e.getValue());
      RunFile listed = byName.get(e.getKey());
      assertTrue(listed != null, e.getKey() + " listed in " + byName.keySet());
      assertEquals(local.length, listed.size(), e.getKey());
      assertEquals(sha256(local), listed.sha256(), e.getKey());
      assertTrue(listed.updatedAt() != null, e.getKey());
      Path copy = run.download(e.getKey(), tmp.resolve("download.bin"));
      assertArrayEquals(local, Files.readAllBytes(copy), e.getKey());
      assertArrayEquals(local, download(path, e.getKey()), e.getKey());
    }
  }

  /** The upload protocol resumes a large file and skips content the server already has. */
  @Test
  void uploadsAreDeduplicatedByContent() throws Exception {
    String path = runPath(ChildJvm.run(work, env(), ChildJvm.testClasspath(),
        dev.vane.cli.programs.DocumentExample.class.getName(), "admin", "dedup").out());
    String[] p = path.split("/");
    RunTarget target = new RunTarget(p[0], p[1], p[2], null);
    Path files = Files.createDirectories(tmp.resolve("upload"));
    byte[] big = new byte[20 * 1000 * 1000];
    new Random(3).nextBytes(big);
    Files.write(files.resolve("weights.bin"), big);
    ApiClient api = new ApiClient(server.baseUrl(), server.key);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Diagnostics diag = new Diagnostics(new Console(new PrintStream(console), false));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);

    FileUploader.Result first = FileUploader.upload(api, target, files, deadline, diag);
    assertEquals(List.of("weights.bin"), first.uploaded());
    String updated = updatedAt(path, "weights.bin");
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("uploading weights.bin 100%"),
        console.toString(StandardCharsets.UTF_8));

    FileUploader.Result second = FileUploader.upload(api, target, files, deadline, diag);
    assertEquals(List.of(), second.uploaded());
    assertEquals(List.of("weights.bin"), second.unchanged());
    assertTrue(FileUploader.uploadFile(api, target, "weights.bin", files.resolve("weights.bin"),
        deadline, diag), "the server says it has the content: no bytes sent");
    assertEquals(updated, updatedAt(path, "weights.bin"), "not stored again");
    assertArrayEquals(big, download(path, "weights.bin"));
  }

  /** A large upload the server holds part of goes on from there, and ends byte-identical. */
  @Test
  void anUploadResumesFromWhatTheServerHolds() throws Exception {
    String path = runPath(ChildJvm.run(work, env(), ChildJvm.testClasspath(),
        dev.vane.cli.programs.DocumentExample.class.getName(), "admin", "resume").out());
    String[] p = path.split("/");
    RunTarget target = new RunTarget(p[0], p[1], p[2], null);
    byte[] big = new byte[20 * 1000 * 1000];
    new Random(5).nextBytes(big);
    Path file = Files.write(tmp.resolve("model.bin"), big);
    String sha = sha256(big);
    ApiClient api = new ApiClient(server.baseUrl(), server.key);
    // An earlier upload got 3 MB through before its connection broke.
    ApiClient.UploadState first = api.putChunk(target, "model.bin", 0, big.length, sha, big,
        3_000_000, java.time.Duration.ofSeconds(30));
    assertEquals(3_000_000, first.offset());

    Path debugLog = tmp.resolve("debug.log");
    Diagnostics diag = new Diagnostics(new Console(new PrintStream(new ByteArrayOutputStream()),
        false));
    diag.openDebugLog(debugLog);
    assertTrue(FileUploader.uploadFile(api, target, "model.bin", file,
        System.nanoTime() + TimeUnit.MINUTES.toNanos(1), diag));
    diag.close();
    assertTrue(Files.readString(debugLog).contains("resuming the upload of model.bin at byte "
        + 3_000_000), Files.readString(debugLog));
    assertArrayEquals(big, download(path, "model.bin"));
  }

  private String updatedAt(String path, String name) throws Exception {
    for (JsonNode f : server.get("/api/v1/runs/" + path + "/files").body().get("files")) {
      if (f.get("name").asText().equals(name)) {
        return f.get("updatedAt").asText();
      }
    }
    throw new AssertionError(name + " not listed");
  }

  private byte[] download(String path, String name) throws Exception {
    String[] p = path.split("/");
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + Endpoints.file(p[0], p[1], p[2], name)))
        .header("Authorization", "Bearer " + server.key).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), name);
    return r.body();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
