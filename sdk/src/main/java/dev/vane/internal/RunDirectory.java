package dev.vane.internal;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run's local directory and the files in it:
 *
 * <pre>
 * ROOT/vane/                                       (ROOT/.vane/ when ROOT/vane is a file)
 *   latest-run -&gt; run-YYYYMMDD_HHMMSS-ID         (symbolic link, when the file system allows)
 *   run-YYYYMMDD_HHMMSS-ID/                        (offline-run-... offline)
 *     run-ID.vane                                  the run log
 *     files/config.json                            the config, rewritten on each change
 *     files/vane-summary.json                      the summary, written at finish
 *     files/vane-metadata.json                     Java, OS, host, start time, command
 *     logs/debug.log                               the SDK's debug log
 * </pre>
 */
public final class RunDirectory {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private final Path dir;
  private final String id;

  private RunDirectory(Path dir, String id) {
    this.dir = dir;
    this.id = id;
  }

  /**
   * Creates the directory of a new run under {@code root/vane/}, with its {@code files/} and
   * {@code logs/} folders. When a directory of that name exists already (same ID started in the
   * same second), a suffix {@code -2}, {@code -3}, ... is added.
   */
  public static RunDirectory create(Path root, String id, boolean offline, LocalDateTime start)
      throws IOException {
    Path vane = runsRoot(root);
    Files.createDirectories(vane);
    String base = (offline ? "offline-run-" : "run-") + start.format(STAMP) + "-" + id;
    for (int n = 1; ; n++) {
      Path dir = vane.resolve(n == 1 ? base : base + "-" + n);
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        if (n < 100) {
          continue;
        }
        throw e;
      }
      RunDirectory rd = new RunDirectory(dir, id);
      Files.createDirectories(rd.filesDir());
      Files.createDirectories(rd.logsDir());
      return rd;
    }
  }

  /**
   * The folder runs go in: {@code root/vane}, or {@code root/.vane} when {@code root/vane} exists
   * and is not a directory. That is the case in Vane's own checkout, whose {@code vane} is the
   * launcher script; W&B falls back to {@code .wandb} the same way.
   */
  public static Path runsRoot(Path root) {
    Path vane = root.resolve("vane");
    return Files.exists(vane) && !Files.isDirectory(vane) ? root.resolve(".vane") : vane;
  }

  /** The run directory. */
  public Path dir() {
    return dir;
  }

  /** {@code run-ID.vane}. */
  public Path runLog() {
    return dir.resolve("run-" + id + ".vane");
  }

  /** {@code files/}, uploaded at finish. */
  public Path filesDir() {
    return dir.resolve("files");
  }

  /** {@code logs/}. */
  public Path logsDir() {
    return dir.resolve("logs");
  }

  /** {@code files/config.json}. */
  public Path configFile() {
    return filesDir().resolve("config.json");
  }

  /** {@code files/vane-summary.json}. */
  public Path summaryFile() {
    return filesDir().resolve("vane-summary.json");
  }

  /** {@code files/vane-metadata.json}. */
  public Path metadataFile() {
    return filesDir().resolve("vane-metadata.json");
  }

  /** {@code files/output.log}: the captured console lines, plain text. */
  public Path outputLog() {
    return filesDir().resolve("output.log");
  }

  /** {@code logs/debug.log}. */
  public Path debugLog() {
    return logsDir().resolve("debug.log");
  }

  /**
   * Points {@code vane/latest-run} at this directory, replacing the link atomically.
   *
   * @return whether the link was made (file systems without symbolic links: no)
   */
  public boolean linkLatest() {
    Path parent = dir.getParent();
    Path link = parent.resolve("latest-run");
    Path tmp = parent.resolve(".latest-run-" + Long.toHexString(
        ThreadLocalRandom.current().nextLong()));
    try {
      Files.createSymbolicLink(tmp, dir.getFileName());
      try {
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to clean up
      }
      return false;
    }
  }

  /**
   * Writes a value as pretty JSON (NaN and infinities as strings, so every JSON tool reads it),
   * replacing the file atomically.
   */
  public static void writeJson(Path file, Object value) throws IOException {
    byte[] bytes = VaneJson.api().writer(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(value);
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
