package dev.vane.internal.meta;

import dev.vane.internal.Version;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Captures where and how the program runs, for {@code files/vane-metadata.json}, the run's
 * metadata record, {@code files/diff.patch} and {@code files/requirements.txt}. Each part can be
 * turned off; a part that fails is left out with a debug line, never an error.
 */
public final class MetadataCapture {
  private MetadataCapture() {}

  /**
   * What to capture.
   *
   * @param git remote, branch, commit, dirty flag (and the email of git's user)
   * @param diff the uncommitted diff as {@code files/diff.patch} (needs git)
   * @param requirements the classpath's libraries as {@code files/requirements.txt}
   * @param hardware CPU model, memory, GPUs
   */
  public record Parts(boolean git, boolean diff, boolean requirements, boolean hardware) {
    /** Everything. */
    public static final Parts ALL = new Parts(true, true, true, true);
  }

  /**
   * What was captured.
   *
   * @param metadata the fields
   * @param diff the diff against HEAD, or {@code null}
   * @param requirements the library lines, or {@code null}
   */
  public record Result(Map<String, Object> metadata, String diff, String requirements) {}

  /**
   * Captures the parts asked for.
   *
   * @param startTime the run's start, Unix seconds
   * @param cwd the working directory (where git is asked)
   * @param debug where failures are reported
   */
  public static Result capture(double startTime, Path cwd, Parts parts, Consumer<String> debug) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vane", Version.current());
    m.put("startedAt", Instant.ofEpochMilli((long) (startTime * 1000)).toString());
    m.put("host", host());
    m.put("username", System.getProperty("user.name"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.version"));
    m.put("javaVendor", System.getProperty("java.vendor"));
    m.put("javaVm", System.getProperty("java.vm.name"));
    m.put("executable", executable());
    Command command = command();
    m.put("program", command.program());
    m.put("args", command.args());
    m.put("command", System.getProperty("sun.java.command"));
    m.put("cwd", cwd.toString());
    m.put("pid", ProcessHandle.current().pid());
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    String diff = null;
    String requirements = null;
    Map<String, String> slurm = new java.util.TreeMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("SLURM_")) {
        slurm.put(k.substring("SLURM_".length()).toLowerCase(java.util.Locale.ROOT), v);
      }
    });
    if (!slurm.isEmpty()) {
      m.put("slurm", slurm); // the job ID, nodes and tasks of a cluster job, as W&B records them
    }
    if (java.nio.file.Files.exists(Path.of("/.dockerenv"))) {
      m.put("container", "docker");
    }
    if (parts.hardware()) {
      try {
        m.putAll(Hardware.capture());
        java.io.File disk = cwd.toFile();
        m.put("disk", Map.of("totalBytes", disk.getTotalSpace(),
            "usedBytes", disk.getTotalSpace() - disk.getUsableSpace()));
      } catch (RuntimeException e) {
        debug.accept("metadata: hardware not captured: " + e);
      }
    }
    if (parts.git()) {
      try {
        GitInfo git = GitInfo.of(cwd, parts.diff());
        if (!git.fields().isEmpty()) {
          m.put("git", git.fields());
          String email = Commands.output(cwd, 5_000, "git", "config", "user.email");
          if (email != null && !email.isBlank()) {
            m.put("email", email.strip());
          }
        }
        diff = git.diff();
      } catch (RuntimeException e) {
        debug.accept("metadata: git not captured: " + e);
      }
    }
    if (parts.requirements()) {
      try {
        requirements = Requirements.of(System.getProperty("java.class.path", ""));
      } catch (RuntimeException e) {
        debug.accept("metadata: requirements not captured: " + e);
      }
    }
    return new Result(m, diff, requirements);
  }

  /** The program (main class or jar) and its arguments. */
  record Command(String program, List<String> args) {}

  /**
   * Splits {@code sun.java.command} ("MAIN ARGS..." or "JAR ARGS...") into program and arguments,
   * taking the arguments from the process's own argument list when it has one (exact, even with
   * spaces inside an argument).
   */
  static Command command() {
    String line = System.getProperty("sun.java.command", "");
    String program = line.isBlank() ? null : line.strip().split(" ", 2)[0];
    List<String> args = new ArrayList<>();
    Optional<String[]> all = ProcessHandle.current().info().arguments();
    if (program != null && all.isPresent()) {
      List<String> list = Arrays.asList(all.get());
      int at = list.indexOf(program);
      if (at >= 0) {
        return new Command(program, List.copyOf(list.subList(at + 1, list.size())));
      }
    }
    if (program != null && line.strip().length() > program.length()) {
      args.addAll(Arrays.asList(line.strip().substring(program.length()).strip().split(" ")));
    }
    return new Command(program, args);
  }

  private static String executable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      h = System.getenv("COMPUTERNAME");
    }
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }
}
