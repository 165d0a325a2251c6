package dev.vane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path tmp;

  private Path file(String text) throws IOException {
    Path f = tmp.resolve("settings");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void defaultsWhenNothingIsSet() {
    RunSettings rs = RunSettings.resolve(RunOptions.builder().build(),
        Settings.load(Map.of(), tmp.resolve("missing")));
    assertEquals("online", rs.mode());
    assertEquals("http://127.0.0.1:8080", rs.baseUrl());
    assertEquals("uncategorized", rs.project());
    assertNull(rs.entity());
    assertNull(rs.apiKey());
    assertFalse(rs.silent());
    assertEquals(Duration.ofSeconds(60), rs.finishTimeout());
    assertEquals(Duration.ofSeconds(30), rs.heartbeatInterval());
    assertEquals(Duration.ofSeconds(15), rs.systemSampleInterval());
    assertTrue(rs.samplesSystem());
    assertEquals(Path.of("").toAbsolutePath(), rs.root());
  }

  @Test
  void heartbeatIntervalComesFromCodeElseEnvironmentElseFile() throws IOException {
    Path f = file("heartbeat_seconds=45\n");
    assertEquals(Duration.ofSeconds(45),
        RunSettings.resolve(RunOptions.builder().build(), Settings.load(Map.of(), f))
            .heartbeatInterval());
    Settings env = Settings.load(Map.of("VANE_HEARTBEAT_SECONDS", "2.5"), f);
    assertEquals(Duration.ofMillis(2500),
        RunSettings.resolve(RunOptions.builder().build(), env).heartbeatInterval());
    assertEquals(Duration.ofSeconds(5), RunSettings.resolve(
        RunOptions.builder().heartbeatInterval(Duration.ofSeconds(5)).build(), env)
        .heartbeatInterval());
  }

  @Test
  void systemSampleIntervalComesFromCodeElseEnvironmentElseFile() throws IOException {
    Path f = file("system_sample_seconds=5\n");
    assertEquals(Duration.ofSeconds(5),
        RunSettings.resolve(RunOptions.builder().build(), Settings.load(Map.of(), f))
            .systemSampleInterval());
    Settings env = Settings.load(Map.of("VANE_SYSTEM_SAMPLE_SECONDS", "1.5"), f);
    assertEquals(Duration.ofMillis(1500),
        RunSettings.resolve(RunOptions.builder().build(), env).systemSampleInterval());
    RunSettings off = RunSettings.resolve(RunOptions.builder().build(),
        Settings.load(Map.of("VANE_SYSTEM_SAMPLE_SECONDS", "0"), f));
    assertEquals(Duration.ZERO, off.systemSampleInterval());
    assertFalse(off.samplesSystem());
    assertEquals(Duration.ofSeconds(2), RunSettings.resolve(
        RunOptions.builder().systemSampleInterval(Duration.ofSeconds(2)).build(), env)
        .systemSampleInterval());
    assertFalse(RunSettings.resolve(
        RunOptions.builder().systemSampleInterval(Duration.ZERO).build(), env).samplesSystem());
  }

  @Test
  void badSystemSampleSettingsNameTheirSource() throws IOException {
    for (String bad : new String[] {"-1", "0.5", "often", "NaN", "Infinity"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RunSettings.resolve(RunOptions.builder().build(),
              Settings.load(Map.of("VANE_SYSTEM_SAMPLE_SECONDS", bad), null)), bad);
      assertTrue(e.getMessage().startsWith("VANE_SYSTEM_SAMPLE_SECONDS must be 0 (off) or"),
          e.getMessage());
    }
    Path f = file("system_sample_seconds=never\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), f).systemSampleInterval());
    assertTrue(e.getMessage().startsWith("system_sample_seconds in " + f), e.getMessage());
  }

  @Test
  void badHeartbeatSettingsNameTheirSource() throws IOException {
    for (String bad : new String[] {"0", "-3", "soon", "NaN", "Infinity", "0.0001"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RunSettings.resolve(RunOptions.builder().build(),
              Settings.load(Map.of("VANE_HEARTBEAT_SECONDS", bad), null)), bad);
      assertTrue(e.getMessage().startsWith("VANE_HEARTBEAT_SECONDS must be a positive number"),
          e.getMessage());
    }
    Path f = file("heartbeat_seconds=never\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of(), f).heartbeatInterval());
    assertTrue(e.getMessage().startsWith("heartbeat_seconds in " + f), e.getMessage());
  }

  @Test
  void codeWinsOverEnvironmentWhichWinsOverFile() throws IOException {
    Path f = file("base_url=http://file:1\napi_key=file-key\nmode=disabled\nentity=fileuser\n"
        + "project=fileproj\ndir=/file/dir\nsilent=false\nfinish_timeout=7\n");
    Map<String, String> env = Map.of("VANE_BASE_URL", "http://env:2", "VANE_API_KEY", "env-key",
        "VANE_MODE", "offline", "VANE_PROJECT", "envproj", "VANE_SILENT", "true");
    Settings s = Settings.load(env, f);

    RunSettings fromSettings = RunSettings.resolve(RunOptions.builder().build(), s);
    assertEquals("http://env:2", fromSettings.baseUrl());
    assertEquals("env-key", fromSettings.apiKey());
    assertEquals("offline", fromSettings.mode());
    assertEquals("envproj", fromSettings.project());
    assertEquals("fileuser", fromSettings.entity());
    assertEquals(Path.of("/file/dir"), fromSettings.root());
    assertTrue(fromSettings.silent());
    assertEquals(Duration.ofSeconds(7), fromSettings.finishTimeout());

    RunSettings fromCode = RunSettings.resolve(RunOptions.builder().baseUrl("http://code:3")
        .apiKey("code-key").mode("online").project("codeproj").entity("codeuser")
        .dir(tmp).silent(false).finishTimeout(Duration.ofSeconds(1)).build(), s);
    assertEquals("http://code:3", fromCode.baseUrl());
    assertEquals("code-key", fromCode.apiKey());
    assertEquals("online", fromCode.mode());
    assertEquals("codeproj", fromCode.project());
    assertEquals("codeuser", fromCode.entity());
    assertEquals(tmp, fromCode.root());
    assertFalse(fromCode.silent());
    assertEquals(Duration.ofSeconds(1), fromCode.finishTimeout());
  }

  @Test
  void fileIsUsedWhenTheEnvironmentIsSilent() throws IOException {
    Settings s = Settings.load(Map.of("VANE_API_KEY", " "), file("api_key=file-key\n"));
    assertEquals("file-key", s.apiKey());
  }

  @Test
  void invalidSettingsNameTheirSource() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunSettings.resolve(RunOptions.builder().build(),
            Settings.load(Map.of("VANE_MODE", "cloud"), null)));
    assertTrue(e.getMessage().startsWith("VANE_MODE must be one of"), e.getMessage());

    Path f = file("project=bad name\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> RunSettings.resolve(RunOptions.builder().build(), Settings.load(Map.of(), f)));
    assertTrue(e.getMessage().startsWith("project in " + f), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> RunSettings.resolve(RunOptions.builder().build(),
            Settings.load(Map.of("VANE_BASE_URL", "localhost:8080"), null)));
    assertTrue(e.getMessage().startsWith("VANE_BASE_URL"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(Map.of("VANE_FINISH_TIMEOUT", "soon"), null).finishTimeout());
    assertTrue(e.getMessage().startsWith("VANE_FINISH_TIMEOUT"), e.getMessage());
  }

  @Test
  void codeOptionsWinEvenOverInvalidEnvironmentValues() {
    RunSettings rs = RunSettings.resolve(RunOptions.builder().mode("offline").build(),
        Settings.load(Map.of("VANE_MODE", "cloud"), null));
    assertEquals("offline", rs.mode());
  }

  @Test
  void loginWritesAFileOnlyItsOwnerCanRead() throws IOException {
    Path f = tmp.resolve("home").resolve(".vane").resolve("settings");
    Settings.writeLogin(f, "http://127.0.0.1:9999/", "secret-key");
    Settings s = Settings.load(Map.of(), f);
    assertEquals("http://127.0.0.1:9999", s.baseUrl());
    assertEquals("secret-key", s.apiKey());
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
    assertEquals(PosixFilePermissions.fromString("rw-------"), perms);
    assertEquals(PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(f.getParent()));
  }

  @Test
  void loginReplacesServerAndKeyAndKeepsOtherSettings() throws IOException {
    Path f = file("api_key=old\nproject=kept\n");
    Settings.writeLogin(f, "https://vane.example.com", "new");
    Settings s = Settings.load(Map.of(), f);
    assertEquals("https://vane.example.com", s.baseUrl());
    assertEquals("new", s.apiKey());
    assertEquals("kept", s.project());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(f));
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void loginRejectsBadInput() {
    Path f = tmp.resolve("settings");
    assertThrows(IllegalArgumentException.class, () -> Settings.writeLogin(f, "nope", "k"));
    assertThrows(IllegalArgumentException.class,
        () -> Settings.writeLogin(f, "http://h:1", " "));
    assertThrows(IllegalArgumentException.class,
        () -> Settings.writeLogin(f, "http://h:1", "a\nb"));
    assertFalse(Files.exists(f));
  }
}
