package dev.vane.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings from the environment and the settings file, environment first. Options given in code
 * ({@link dev.vane.RunOptions}) win over both; {@link RunSettings#resolve} does that merge.
 *
 * <p>The settings file ({@code ~/.vane/settings}, or {@code $VANE_CONFIG_DIR/settings}) is a
 * properties file written by {@code vane login} with mode 0600. Keys and the variables they stand
 * for:
 *
 * <pre>
 * base_url           VANE_BASE_URL           default http://127.0.0.1:8080
 * api_key            VANE_API_KEY
 * mode               VANE_MODE               online | offline | disabled
 * dir                VANE_DIR
 * entity             VANE_ENTITY
 * project            VANE_PROJECT
 * silent             VANE_SILENT             true | false
 * finish_timeout     VANE_FINISH_TIMEOUT     seconds
 * heartbeat_seconds  VANE_HEARTBEAT_SECONDS  seconds, positive (default 30)
 * disable_capture    VANE_DISABLE_CAPTURE    metadata,git,diff,requirements,hardware (any of)
 * system_sample_seconds VANE_SYSTEM_SAMPLE_SECONDS seconds, 0 (off) or at least 1 (default 15)
 * console            VANE_CONSOLE            auto | wrap | off (default auto)
 * </pre>
 *
 * Values are validated when a run starts ({@link RunSettings#resolve}); here they are only read.
 */
public final class Settings {
  /** The server used when no setting names one. */
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

  private static final String[][] KEYS = {
    {"base_url", "VANE_BASE_URL"},
    {"api_key", "VANE_API_KEY"},
    {"mode", "VANE_MODE"},
    {"dir", "VANE_DIR"},
    {"entity", "VANE_ENTITY"},
    {"project", "VANE_PROJECT"},
    {"silent", "VANE_SILENT"},
    {"finish_timeout", "VANE_FINISH_TIMEOUT"},
    {"heartbeat_seconds", "VANE_HEARTBEAT_SECONDS"},
    {"disable_capture", "VANE_DISABLE_CAPTURE"},
    {"system_sample_seconds", "VANE_SYSTEM_SAMPLE_SECONDS"},
    {"console", "VANE_CONSOLE"},
  };

  /** Setting key to value, and setting key to where it came from (for messages). */
  private final Map<String, String> values;
  private final Map<String, String> sources;

  private Settings(Map<String, String> values, Map<String, String> sources) {
    this.values = values;
    this.sources = sources;
  }

  /** Settings from {@link System#getenv()} and {@link #defaultFile()}. */
  public static Settings load() {
    return load(System.getenv(), defaultFile(System.getenv()));
  }

  /**
   * Settings from an explicit environment and settings file.
   *
   * @param env variables such as {@code VANE_API_KEY}
   * @param file the settings file; a missing file counts as empty; {@code null} for none
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static Settings load(Map<String, String> env, Path file) {
    Properties fromFile = file == null ? new Properties() : readFile(file);
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (String[] k : KEYS) {
      String v = env.get(k[1]);
      if (v != null && !v.isBlank()) {
        values.put(k[0], v.strip());
        sources.put(k[0], k[1]);
        continue;
      }
      v = fromFile.getProperty(k[0]);
      if (v != null && !v.isBlank()) {
        values.put(k[0], v.strip());
        sources.put(k[0], k[0] + " in " + file);
      }
    }
    return new Settings(values, sources);
  }

  /** Settings with nothing set: every default. */
  public static Settings empty() {
    return new Settings(Map.of(), Map.of());
  }

  /** {@code $VANE_CONFIG_DIR/settings} when that variable is set, else {@code ~/.vane/settings}. */
  public static Path defaultFile() {
    return defaultFile(System.getenv());
  }

  private static Path defaultFile(Map<String, String> env) {
    String dir = env.get("VANE_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "settings");
    }
    return Path.of(System.getProperty("user.home"), ".vane", "settings");
  }

  /**
   * Writes the server and API key to a settings file for {@code vane login}, keeping the file's
   * other settings. The file is created with mode 0600 (its folder 0700) where the file system has
   * POSIX permissions, and replaced atomically.
   *
   * @param file the settings file, usually {@link #defaultFile()}
   * @param baseUrl the server, such as {@code http://127.0.0.1:8080}
   * @param apiKey the API key
   * @throws IllegalArgumentException when the URL is not http(s) or the key is blank or multi-line
   * @throws IOException when the file cannot be written
   */
  public static void writeLogin(Path file, String baseUrl, String apiKey) throws IOException {
    String url = Validation.checkBaseUrl("host", baseUrl);
    if (apiKey == null || apiKey.isBlank() || apiKey.strip().contains("\n")
        || apiKey.strip().contains("\r")) {
      throw new IllegalArgumentException("key must be a non-empty single-line string");
    }
    Properties existing = Files.exists(file) ? readFile(file) : new Properties();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("base_url", url);
    out.put("api_key", apiKey.strip());
    for (String name : existing.stringPropertyNames()) {
      out.putIfAbsent(name, existing.getProperty(name));
    }
    StringBuilder text = new StringBuilder("# Vane settings, written by vane login\n");
    out.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));

    Path dir = file.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path tmp = posix
        ? Files.createTempFile(dir, ".settings", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, ".settings", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static Properties readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      // no file: no settings
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the settings file " + file, e);
    }
    return p;
  }

  /** The server's base URL, {@link #DEFAULT_BASE_URL} when not set. */
  public String baseUrl() {
    return values.getOrDefault("base_url", DEFAULT_BASE_URL);
  }

  /** The API key, or {@code null}. */
  public String apiKey() {
    return values.get("api_key");
  }

  /** The mode as written, or {@code null}. */
  public String mode() {
    return values.get("mode");
  }

  /** The run directory root as written, or {@code null}. */
  public String dir() {
    return values.get("dir");
  }

  /** The metadata parts not to capture, comma-separated as written, or {@code null}. */
  public String disabledCaptures() {
    return values.get("disable_capture");
  }

  /** The entity, or {@code null}. */
  public String entity() {
    return values.get("entity");
  }

  /** The project, or {@code null}. */
  public String project() {
    return values.get("project");
  }

  /** Whether terminal output is silenced ({@code true}, {@code 1} or {@code yes}). */
  public boolean silent() {
    String s = values.get("silent");
    return s != null && switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      default -> false;
    };
  }

  /**
   * How long finishing waits for the upload, or {@code null} when not set.
   *
   * @throws IllegalArgumentException when the value is not a non-negative number of seconds
   */
  public Duration finishTimeout() {
    String s = values.get("finish_timeout");
    if (s == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(s);
      if (seconds >= 0 && Double.isFinite(seconds)) {
        return Duration.ofMillis((long) (seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        source("finish_timeout") + " must be a number of seconds: '" + s + "'");
  }

  /**
   * How often an idle run sends a heartbeat, or {@code null} when not set.
   *
   * @throws IllegalArgumentException naming the setting when the value is not a positive number
   *     of seconds
   */
  public Duration heartbeatInterval() {
    String s = values.get("heartbeat_seconds");
    if (s == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(s);
      long millis = (long) (seconds * 1000);
      if (Double.isFinite(seconds) && millis > 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        source("heartbeat_seconds") + " must be a positive number of seconds: '" + s + "'");
  }

  /**
   * How often system metrics are sampled, {@link Duration#ZERO} for off, or {@code null} when not
   * set.
   *
   * @throws IllegalArgumentException naming the setting when the value is neither 0 nor a number
   *     of seconds of at least 1
   */
  public Duration systemSampleInterval() {
    String s = values.get("system_sample_seconds");
    if (s == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(s.trim());
      if (seconds == 0) {
        return Duration.ZERO;
      }
      if (Double.isFinite(seconds) && seconds >= 1 && seconds < 1e9) {
        return Duration.ofMillis((long) (seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source("system_sample_seconds")
        + " must be 0 (off) or a number of seconds of at least 1: '" + s + "'");
  }

  /** The console capture mode as set ({@code auto}, {@code wrap}, {@code off}), or {@code null}. */
  public String console() {
    return values.get("console");
  }

  /** Where a setting came from, such as {@code VANE_MODE} or {@code mode in /home/u/.vane/settings}. */
  public String source(String key) {
    return sources.getOrDefault(key, key);
  }
}
