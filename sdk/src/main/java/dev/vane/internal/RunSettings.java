package dev.vane.internal;

import dev.vane.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The settings a run starts with: options given in code, else the environment, else the settings
 * file, else the defaults.
 *
 * @param mode {@code online}, {@code offline} or {@code disabled}
 * @param root the directory under which {@code vane/} holds the run directories
 * @param entity the entity, or {@code null} for the API key's user
 * @param project the project
 * @param baseUrl the server's base URL, without trailing slash
 * @param apiKey the API key, or {@code null}
 * @param silent whether terminal output is silenced
 * @param finishTimeout how long finishing waits for the upload
 * @param onStop the stop handler from the options, or {@code null} for the default
 * @param heartbeatInterval how often an idle run sends a heartbeat
 * @param disabledCaptures the metadata parts not captured ({@code metadata} for all)
 * @param systemSampleInterval how often system metrics are sampled; {@link Duration#ZERO} for off
 * @param console whether stdout and stderr are captured: {@code auto}, {@code wrap} or {@code off}
 */
public record RunSettings(
    String mode,
    Path root,
    String entity,
    String project,
    String baseUrl,
    String apiKey,
    boolean silent,
    Duration finishTimeout,
    Runnable onStop,
    Duration heartbeatInterval,
    Set<String> disabledCaptures,
    Duration systemSampleInterval,
    String console) {

  /** The project of runs that name none. */
  public static final String DEFAULT_PROJECT = "uncategorized";
  /** How long finishing waits for the upload by default. */
  public static final Duration DEFAULT_FINISH_TIMEOUT = Duration.ofSeconds(60);
  /** How often an idle run sends a heartbeat by default: W&B's 30 seconds. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  /** How often system metrics are sampled by default: W&B's 15 seconds. */
  public static final Duration DEFAULT_SYSTEM_SAMPLE_INTERVAL = Duration.ofSeconds(15);

  /**
   * Merges code options over settings.
   *
   * @throws IllegalArgumentException naming the setting (such as {@code VANE_MODE}) when a value
   *     from the environment or the settings file is invalid
   */
  public static RunSettings resolve(RunOptions o, Settings s) {
    String mode = o.mode() != null ? o.mode()
        : s.mode() != null ? Validation.checkMode(s.source("mode"), s.mode()) : "online";
    Path root = o.dir() != null ? o.dir() : s.dir() != null ? Path.of(s.dir()) : Path.of("");
    String entity = o.entity() != null ? o.entity()
        : s.entity() != null ? Validation.checkName(s.source("entity"), s.entity()) : null;
    String project = o.project() != null ? o.project()
        : s.project() != null ? Validation.checkName(s.source("project"), s.project())
        : DEFAULT_PROJECT;
    String baseUrl = o.baseUrl() != null ? o.baseUrl()
        : Validation.checkBaseUrl(s.source("base_url"), s.baseUrl());
    String apiKey = o.apiKey() != null ? o.apiKey() : s.apiKey();
    boolean silent = o.silent() != null ? o.silent() : s.silent();
    Duration finish = o.finishTimeout() != null ? o.finishTimeout()
        : s.finishTimeout() != null ? s.finishTimeout() : DEFAULT_FINISH_TIMEOUT;
    Duration heartbeat = o.heartbeatInterval() != null ? o.heartbeatInterval()
        : s.heartbeatInterval() != null ? s.heartbeatInterval() : DEFAULT_HEARTBEAT_INTERVAL;
    Duration system = o.systemSampleInterval() != null ? o.systemSampleInterval()
        : s.systemSampleInterval() != null ? s.systemSampleInterval()
        : DEFAULT_SYSTEM_SAMPLE_INTERVAL;
    String console = o.console() != null ? o.console()
        : s.console() != null ? Validation.checkConsole(s.source("console"), s.console()) : "auto";
    return new RunSettings(mode, root.toAbsolutePath().normalize(), entity, project, baseUrl,
        apiKey, silent, finish, o.onStop(), heartbeat, captures(o, s), system,
        console);
  }

  /** The parts of the metadata not to capture: the options', else the setting's. */
  private static Set<String> captures(RunOptions o, Settings s) {
    if (!o.disabledCaptures().isEmpty()) {
      return o.disabledCaptures();
    }
    String setting = s.disabledCaptures();
    if (setting == null || setting.isBlank()) {
      return Set.of();
    }
    return Validation.checkCaptures(s.source("disable_capture"),
        java.util.Arrays.asList(setting.split(",")));
  }

  /** Whether the metadata part is captured ({@code metadata} off turns every part off). */
  public boolean captures(String part) {
    return !disabledCaptures.contains("metadata") && !disabledCaptures.contains(part);
  }

  /** Whether records are sent to the server while the run goes. */
  public boolean online() {
    return mode.equals("online");
  }

  /** Whether system metrics are sampled. */
  public boolean samplesSystem() {
    return !systemSampleInterval.isZero();
  }

  /** Whether stdout and stderr are copied into the run. */
  public boolean captureConsole() {
    return !console.equals("off");
  }

  /** Whether the run records nothing at all. */
  public boolean disabled() {
    return mode.equals("disabled");
  }
}
