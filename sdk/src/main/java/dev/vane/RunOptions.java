package dev.vane;

import dev.vane.internal.Validation;
import dev.vane.internal.Values;
import dev.vane.protocol.RunBranch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a run: where it belongs, what it is called, its initial config, and how it is
 * recorded. Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *     .entity("nico")
 *     .project("awesome-project")
 *     .config(Map.of("learning_rate", 0.01, "epochs", 10))
 *     .tags("baseline")
 *     .build();
 * }</pre>
 *
 * <p>Options left unset come from the environment ({@code VANE_ENTITY}, {@code VANE_PROJECT},
 * {@code VANE_MODE}, {@code VANE_DIR}, {@code VANE_BASE_URL}, {@code VANE_API_KEY},
 * {@code VANE_SILENT}), then from {@code ~/.vane/settings} (written by {@code vane login}), then
 * from the defaults: project {@code uncategorized}, mode {@code online}, the working directory,
 * server {@code http://127.0.0.1:8080}. Accessors return {@code null} for options not set in code.
 */
public final class RunOptions {
  private final String entity;
  private final String project;
  private final Map<String, Object> config;
  private final String id;
  private final String name;
  private final String notes;
  private final List<String> tags;
  private final String group;
  private final String jobType;
  private final String mode;
  private final Path dir;
  private final String baseUrl;
  private final String apiKey;
  private final Boolean silent;
  private final Duration finishTimeout;
  private final Runnable onStop;
  private final String resume;
  private final Set<String> disabledCaptures;
  private final String forkFrom;
  private final String resumeFrom;
  private final Duration heartbeatInterval;
  private final Duration systemSampleInterval;
  private final String console;

  private RunOptions(Builder b) {
    entity = b.entity;
    project = b.project;
    config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
    id = b.id;
    name = b.name;
    notes = b.notes;
    tags = List.copyOf(b.tags);
    group = b.group;
    jobType = b.jobType;
    mode = b.mode;
    dir = b.dir;
    baseUrl = b.baseUrl;
    apiKey = b.apiKey;
    silent = b.silent;
    finishTimeout = b.finishTimeout;
    onStop = b.onStop;
    resume = b.resume;
    disabledCaptures = b.disabledCaptures;
    forkFrom = b.forkFromParsed == null ? null : b.forkFromParsed.toString();
    resumeFrom = b.resumeFromParsed == null ? null : b.resumeFromParsed.toString();
    heartbeatInterval = b.heartbeatInterval;
    systemSampleInterval = b.systemSampleInterval;
    console = b.console;
  }

  /** A builder with no option set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive other options from them. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.entity = entity;
    b.project = project;
    b.config.putAll(config);
    b.id = id;
    b.name = name;
    b.notes = notes;
    b.tags.addAll(tags);
    b.group = group;
    b.jobType = jobType;
    b.mode = mode;
    b.dir = dir;
    b.baseUrl = baseUrl;
    b.apiKey = apiKey;
    b.silent = silent;
    b.finishTimeout = finishTimeout;
    b.onStop = onStop;
    b.resume = resume;
    b.disabledCaptures = disabledCaptures;
    b.forkFrom = forkFrom;
    b.resumeFrom = resumeFrom;
    b.heartbeatInterval = heartbeatInterval;
    b.systemSampleInterval = systemSampleInterval;
    b.console = console;
    return b;
  }

  /** The entity (user or team), or {@code null}. */
  public String entity() {
    return entity;
  }

  /** The project, or {@code null}. */
  public String project() {
    return project;
  }

  /** The initial config (empty when none), unmodifiable. */
  public Map<String, Object> config() {
    return config;
  }

  /** The run ID, or {@code null} for a random one. */
  public String id() {
    return id;
  }

  /** The display name, or {@code null} to let the server generate one. */
  public String name() {
    return name;
  }

  /** The notes, or {@code null}. */
  public String notes() {
    return notes;
  }

  /** The tags (empty when none), unmodifiable. */
  public List<String> tags() {
    return tags;
  }

  /** The group, or {@code null}. */
  public String group() {
    return group;
  }

  /** The job type, or {@code null}. */
  public String jobType() {
    return jobType;
  }

  /** The mode ({@code online}, {@code offline} or {@code disabled}), or {@code null}. */
  public String mode() {
    return mode;
  }

  /** The directory under which {@code vane/} holds the run directories, or {@code null}. */
  public Path dir() {
    return dir;
  }

  /** The server's base URL, or {@code null}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The API key, or {@code null}. */
  public String apiKey() {
    return apiKey;
  }

  /** Whether terminal output is silenced, or {@code null}. */
  public Boolean silent() {
    return silent;
  }

  /** How long {@link Run#finish()} waits for the upload, or {@code null}. */
  public Duration finishTimeout() {
    return finishTimeout;
  }

  /** What runs when someone stops the run from the UI or the API, or {@code null}. */
  public Runnable onStop() {
    return onStop;
  }

  /** The metadata parts not captured (see {@link Builder#disableCapture}); empty for all. */
  public Set<String> disabledCaptures() {
    return disabledCaptures;
  }

  /** How an existing run with the ID is treated: must, allow, never, auto, or {@code null}. */
  public String resume() {
    return resume;
  }

  /** The run and step this run forks from ({@code "RUN_ID?_step=N"}), or {@code null}. */
  public String forkFrom() {
    return forkFrom;
  }

  /** The run and step this run rewinds to ({@code "RUN_ID?_step=N"}), or {@code null}. */
  public String resumeFrom() {
    return resumeFrom;
  }

  /** How often an idle run sends a heartbeat, or {@code null} for the setting or default. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * How often system metrics are sampled, {@link Duration#ZERO} for not at all, or {@code null}
   * for the setting or default.
   */
  public Duration systemSampleInterval() {
    return systemSampleInterval;
  }

  /**
   * How the process's console output is captured ({@code auto}, {@code wrap} or {@code off}), or
   * {@code null} for the setting or default.
   */
  public String console() {
    return console;
  }

  @Override
  public String toString() {
    return "RunOptions{entity=" + entity + ", project=" + project + ", id=" + id + ", name=" + name
        + ", mode=" + mode + ", dir=" + dir + ", baseUrl=" + baseUrl
        + ", apiKey=" + (apiKey == null ? null : "***") + ", tags=" + tags + "}";
  }

  /**
   * Builds {@link RunOptions}. Setters accept {@code null} to unset an option; {@link #build()}
   * checks every value and throws {@link IllegalArgumentException} naming the bad option.
   */
  public static final class Builder {
    private String entity;
    private String project;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private String id;
    private String name;
    private String notes;
    private final List<String> tags = new ArrayList<>();
    private String group;
    private String jobType;
    private String mode;
    private Path dir;
    private String baseUrl;
    private String apiKey;
    private Boolean silent;
    private Duration finishTimeout;
    private Runnable onStop;
    private String resume;
    private Set<String> disabledCaptures = Set.of();
    private List<String> disabledCaptureNames;
    private String forkFrom;
    private String resumeFrom;
    private RunBranch forkFromParsed;
    private RunBranch resumeFromParsed;
    private Duration heartbeatInterval;
    private Duration systemSampleInterval;
    private String console;

    private Builder() {}

    /**
     * The entity (user or team) the run belongs to; by default the API key's user. 1 to 128
     * characters of {@code A-Z a-z 0-9 _ - .}, not starting with {@code .} or {@code -}.
     */
    public Builder entity(String entity) {
      this.entity = entity;
      return this;
    }

    /**
     * The project the run belongs to, created on its first run; default {@code uncategorized}.
     * Same character rules as {@link #entity(String)}.
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * The initial config, replacing any set before: numbers, booleans, strings, {@code null},
     * lists and nested maps.
     */
    public Builder config(Map<String, ?> config) {
      this.config.clear();
      if (config != null) {
        this.config.putAll(config);
      }
      return this;
    }

    /**
     * The run ID, unique in its project; by default 8 random characters of {@code [a-z0-9]}. 1 to
     * 64 characters, no leading or trailing whitespace, none of {@code : ; , # ? / '}. The ID of a
     * deleted run cannot be used again.
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The display name; by default the server generates one ({@code adjective-noun-N}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** A free-text description of the run. */
    public Builder notes(String notes) {
      this.notes = notes;
      return this;
    }

    /** Tags, replacing any set before. Each must be a non-empty string. */
    public Builder tags(String... tags) {
      this.tags.clear();
      if (tags != null) {
        this.tags.addAll(Arrays.asList(tags));
      }
      return this;
    }

    /** The group, to gather related runs (for example the workers of one training job). */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /** The job type, such as {@code train} or {@code eval}. */
    public Builder jobType(String jobType) {
      this.jobType = jobType;
      return this;
    }

    /**
     * How the run is recorded: {@code "online"} (default: logged locally and streamed to the
     * server), {@code "offline"} (logged locally only; upload later with {@code vane sync}) or
     * {@code "disabled"} (nothing recorded, no files, no output; every method still works).
     */
    public Builder mode(String mode) {
      this.mode = mode;
      return this;
    }

    /** The directory under which {@code vane/} holds run directories; default the working one. */
    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    /** The server's base URL, such as {@code http://127.0.0.1:8080}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The API key the run is written with. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Whether to silence Vane's terminal output (as {@code VANE_SILENT=true}). */
    public Builder silent(boolean silent) {
      this.silent = silent;
      return this;
    }

    /**
     * How long {@link Run#finish()} waits for the upload to complete before giving up with a hint
     * to run {@code vane sync}; default 60 seconds.
     */
    public Builder finishTimeout(Duration finishTimeout) {
      this.finishTimeout = finishTimeout;
      return this;
    }

    /**
     * What to do when someone stops the run from the UI or the API ({@code POST
     * .../runs/ENTITY/PROJECT/ID/stop}); the SDK learns it within about 2 seconds and calls the
     * handler on a thread of its own. By default Vane interrupts the thread that called {@link
     * Vane#init} and, if the run has not ended 30 seconds later, finishes it and exits the JVM
     * with code 255. Either way the run ends {@code killed}.
     */
    public Builder onStop(Runnable onStop) {
      this.onStop = onStop;
      return this;
    }

    /**
     * Turns parts of the run's metadata capture off (W&amp;B's {@code disable_git}, {@code
     * disable_code}, {@code save_requirements}, {@code disable_meta}): {@code "git"} (remote,
     * branch, commit, dirty flag), {@code "diff"} ({@code files/diff.patch}), {@code
     * "requirements"} ({@code files/requirements.txt}), {@code "hardware"} (CPU model, memory,
     * GPUs), or {@code "metadata"} (all of it: no metadata at all). Default: everything is
     * captured; also setting {@code VANE_DISABLE_CAPTURE=git,diff}.
     */
    public Builder disableCapture(String... parts) {
      this.disabledCaptureNames = parts == null ? List.of() : Arrays.asList(parts);
      return this;
    }

    /**
     * Whether to continue an existing run with the ID (W&amp;B's {@code resume}):
     *
     * <ul>
     *   <li>{@code "must"}: continue it; {@link Vane#init} throws when the server has no such run;
     *   <li>{@code "allow"}: continue it if it exists, else start it;
     *   <li>{@code "never"}: start it; {@code init} throws when it exists;
     *   <li>{@code "auto"}: without an ID, take the one in {@code DIR/vane/vane-resume.json} (written
     *       at init, deleted after a clean finish), so a restarted program continues its run; then
     *       as {@code "allow"}.
     * </ul>
     *
     * A continued run logs from its last step + 1, its config merged with this one, its summary,
     * tags and notes kept unless given anew. A run whose other writer still sends heartbeats is not
     * taken over ({@code init} throws). Resuming needs the server at init; offline, it is ignored
     * with a warning.
     */
    public Builder resume(String resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Forks a new run off another one of the project (W&amp;B's {@code fork_from}): {@code
     * "RUN_ID?_step=N"}. The new run (with its own ID, which must differ from the source's)
     * shares the source's history up to step N without uploading it again, gets its config (this
     * one merged in) and a summary recomputed from those rows, and logs from step N + 1. Its run
     * JSON shows {@code forkedFrom: {run, step}}.
     */
    public Builder forkFrom(String forkFrom) {
      this.forkFrom = forkFrom;
      return this;
    }

    /**
     * Rewinds a run to a step and continues it (W&amp;B's {@code resume_from}): {@code
     * "RUN_ID?_step=N"}. The run keeps its ID; its history after step N is set aside with the
     * original, which is archived as {@code RUN_ID~1} (then {@code ~2}, ...) and linked as the
     * rewound run's {@code forkedFrom}; the summary is recomputed and logging continues at step N +
     * 1. When {@link #id} is set it must be {@code RUN_ID}.
     */
    public Builder resumeFrom(String resumeFrom) {
      this.resumeFrom = resumeFrom;
      return this;
    }

    /**
     * How often a run with nothing to send tells the server it is alive (an empty request; every
     * request that sends records counts as one too). The server marks a run {@code crashed} after
     * a while without any ({@code vane server --crash-after}, 5 minutes by default), so keep this
     * well below that. Default: the {@code VANE_HEARTBEAT_SECONDS} setting, else 30 seconds. A
     * longer interval does not slow down stops: an idle run asks for those every second.
     *
     * @param heartbeatInterval positive; checked by {@link #build()}
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /**
     * How often the run samples system metrics ({@code system.cpu}, {@code system.memory}, GPU
     * use and the rest; docs/sdk.md lists them) on a thread of its own. Default: the {@code
     * VANE_SYSTEM_SAMPLE_SECONDS} setting, else 15 seconds, as W&B. {@link Duration#ZERO} turns
     * sampling off; any other value must be at least one second, since one pass of the sampler
     * takes most of a second.
     *
     * @param systemSampleInterval zero, or at least one second; checked by {@link #build()}
     */
    public Builder systemSampleInterval(Duration systemSampleInterval) {
      this.systemSampleInterval = systemSampleInterval;
      return this;
    }

    /**
     * Whether what the program prints to {@code System.out} and {@code System.err} while the run
     * lives is copied into the run (its logs and {@code files/output.log}). {@code auto} (the
     * default) and {@code wrap} capture it: the streams are wrapped so that everything still
     * reaches the terminal at once, unchanged, and complete lines are also recorded. {@code off}
     * leaves the streams alone. Default: the {@code VANE_CONSOLE} setting, else {@code auto}.
     *
     * @param console {@code auto}, {@code wrap} or {@code off}; checked by {@link #build()}
     */
    public Builder console(String console) {
      this.console = console;
      return this;
    }

    /**
     * Checks the options and builds them.
     *
     * @throws IllegalArgumentException naming the option and the problem when a value is invalid
     */
    public RunOptions build() {
      if (id != null) {
        Validation.checkId(id);
      }
      if (entity != null) {
        Validation.checkName("entity", entity);
      }
      if (project != null) {
        Validation.checkName("project", project);
      }
      if (mode != null) {
        mode = Validation.checkMode("mode", mode);
      }
      if (baseUrl != null) {
        baseUrl = Validation.checkBaseUrl("baseUrl", baseUrl);
      }
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      if (apiKey != null && apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      for (String tag : tags) {
        if (tag == null || tag.isBlank()) {
          throw new IllegalArgumentException("tags must be non-empty strings, got " + tags);
        }
      }
      if (finishTimeout != null && finishTimeout.isNegative()) {
        throw new IllegalArgumentException("finishTimeout must not be negative: " + finishTimeout);
      }
      checkContinuation();
      if (disabledCaptureNames != null) {
        disabledCaptures = Validation.checkCaptures("disableCapture", disabledCaptureNames);
        disabledCaptureNames = null;
      }
      if (heartbeatInterval != null
          && (heartbeatInterval.isNegative() || heartbeatInterval.isZero())) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be positive: " + heartbeatInterval);
      }
      if (systemSampleInterval != null && !systemSampleInterval.isZero()
          && systemSampleInterval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("systemSampleInterval must be zero (off) or at least"
            + " one second: " + systemSampleInterval);
      }
      if (console != null) {
        console = Validation.checkConsole("console", console);
      }
      Map<String, Object> checked = Values.configMap("config", config);
      config.clear();
      config.putAll(checked);
      return new RunOptions(this);
    }

    private static void checkBranchRun(String option, RunBranch branch) {
      try {
        Validation.checkId(branch.run());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " names an invalid run: " + e.getMessage(), e);
      }
    }

    private void checkContinuation() {
      if (resume != null && !Set.of("must", "allow", "never", "auto").contains(resume)) {
        throw new IllegalArgumentException(
            "resume must be must, allow, never or auto, not \"" + resume + "\"");
      }
      forkFromParsed =
          forkFrom == null ? null : RunBranch.parse(RunBranch.FORK, "forkFrom", forkFrom);
      resumeFromParsed =
          resumeFrom == null ? null : RunBranch.parse(RunBranch.REWIND, "resumeFrom", resumeFrom);
      if (forkFromParsed != null && resumeFromParsed != null) {
        throw new IllegalArgumentException("forkFrom and resumeFrom cannot both be set");
      }
      if (resume != null && (forkFromParsed != null || resumeFromParsed != null)) {
        throw new IllegalArgumentException(
            "resume cannot be combined with " + (forkFromParsed != null ? "forkFrom" : "resumeFrom"));
      }
      if (forkFromParsed != null) {
        checkBranchRun("forkFrom", forkFromParsed);
        if (forkFromParsed.run().equals(id)) {
          throw new IllegalArgumentException("forkFrom names this run's own ID \"" + id
              + "\"; a fork is a new run. To go back in the same run, use resumeFrom");
        }
      }
      if (resumeFromParsed != null) {
        checkBranchRun("resumeFrom", resumeFromParsed);
        if (id != null && !id.equals(resumeFromParsed.run())) {
          throw new IllegalArgumentException("resumeFrom rewinds run \"" + resumeFromParsed.run()
              + "\" but id is \"" + id + "\"; a rewind keeps the run's ID (use forkFrom for a new run)");
        }
      }
    }
  }
}
