package dev.vane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Api#create()} takes the server and key from the settings runs use (no server needed). */
class ApiSettingsTest {
  @TempDir Path tmp;

  @Test
  void environmentWinsOverTheSettingsFile() throws IOException {
    Path file = tmp.resolve("settings");
    Files.writeString(file, "base_url=http://file.example:9000/\napi_key=file-key\n");
    Api fromFile = Api.create(Settings.load(Map.of(), file));
    assertEquals("http://file.example:9000", fromFile.baseUrl());
    Api fromEnv =
        Api.create(
            Settings.load(
                Map.of("VANE_BASE_URL", "https://env.example", "VANE_API_KEY", "env-key"), file));
    assertEquals("https://env.example", fromEnv.baseUrl());
    assertEquals("Api[https://env.example]", fromEnv.toString());
  }

  @Test
  void theServerDefaultsAndAKeyIsRequired() {
    Api api = Api.create(Settings.load(Map.of("VANE_API_KEY", "k"), null));
    assertEquals("http://127.0.0.1:8080", api.baseUrl());
    VaneException noKey =
        assertThrows(VaneException.class, () -> Api.create(Settings.load(Map.of(), null)));
    assertTrue(noKey.getMessage().contains("VANE_API_KEY"), noKey.getMessage());
    IllegalArgumentException badUrl =
        assertThrows(
            IllegalArgumentException.class,
            () -> Api.create(Settings.load(Map.of("VANE_BASE_URL", "nope", "VANE_API_KEY", "k"),
                null)));
    assertTrue(badUrl.getMessage().startsWith("VANE_BASE_URL"), badUrl.getMessage());
  }

  @Test
  void filtersAreImmutableAndCombine() {
    RunFilter f = RunFilter.group("g").withJobType("train").withState("running");
    assertEquals(new RunFilter("g", "train", "running"), f);
    assertEquals(new RunFilter(null, null, null), RunFilter.all());
    assertEquals(new RunFilter(null, "eval", null), RunFilter.jobType("eval"));
    assertEquals(new RunFilter(null, null, "failed"), RunFilter.state("failed"));
    assertEquals(new RunFilter("g", null, null), RunFilter.group("g"));
    assertEquals(new RunFilter(null, "train", "running"), f.withGroup(null));
  }
}
