package dev.vane.internal.sync;

import dev.vane.internal.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Uploads the files under a run's {@code files/} folder, skipping those the server already holds
 * with the same SHA-256 (so syncing twice changes nothing).
 */
public final class FileUploader {
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_PUT_TIMEOUT = Duration.ofSeconds(60);
  private static final int TRIES = 3;

  private FileUploader() {}

  /**
   * What an upload did.
   *
   * @param uploaded names uploaded now
   * @param unchanged names the server already held, identical
   * @param failed names that could not be uploaded
   */
  public record Result(List<String> uploaded, List<String> unchanged, List<String> failed) {
    /** Files now on the server: uploaded or unchanged. */
    public int synced() {
      return uploaded.size() + unchanged.size();
    }
  }

  /**
   * Uploads every regular file under {@code filesDir}, named by its path relative to it with
   * {@code /} separators.
   *
   * @param deadlineNanos {@link System#nanoTime()} time by which to give up
   */
  public static Result upload(ApiClient api, RunTarget run, Path filesDir, long deadlineNanos,
      Diagnostics diag) throws InterruptedException {
    List<String> uploaded = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(filesDir)) {
      try (Stream<Path> walk = Files.walk(filesDir)) {
        walk.filter(Files::isRegularFile).sorted().forEach(files::add);
      } catch (IOException | RuntimeException e) {
        diag.warn("cannot list the run files in " + filesDir + ": " + e.getMessage());
      }
    }
    if (files.isEmpty()) {
      return new Result(uploaded, unchanged, failed);
    }
    Map<String, String> remote = Map.of();
    try {
      remote = api.listFiles(run, timeout(deadlineNanos, LIST_TIMEOUT));
    } catch (IOException | ApiException e) {
      diag.debug("cannot list the server's files: " + e.getMessage());
    }
    for (Path file : files) {
      String name = name(filesDir, file);
      try {
        String sha = sha256(file);
        if (sha.equals(remote.get(name))) {
          unchanged.add(name);
          continue;
        }
      } catch (IOException e) {
        diag.debug("cannot hash " + file + ": " + e.getMessage());
      }
      if (put(api, run, name, file, deadlineNanos, diag)) {
        uploaded.add(name);
      } else {
        failed.add(name);
      }
    }
    diag.debug("files: uploaded " + uploaded + ", unchanged " + unchanged + ", failed " + failed);
    return new Result(uploaded, unchanged, failed);
  }

  private static boolean put(ApiClient api, RunTarget run, String name, Path file,
      long deadlineNanos, Diagnostics diag) throws InterruptedException {
    Backoff backoff = new Backoff();
    for (int attempt = 1; attempt <= TRIES; attempt++) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      try {
        api.putFile(run, name, file, timeout(deadlineNanos, MAX_PUT_TIMEOUT));
        return true;
      } catch (ApiException e) {
        diag.debug("uploading " + name + " failed: " + e.describe());
        if (!e.retryable()) {
          diag.warn("the server refused the file " + name + " (" + e.describe() + ")");
          return false;
        }
      } catch (IOException e) {
        diag.debug("uploading " + name + " failed: " + LogSender.describe(e));
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      Thread.sleep(Math.max(0, Math.min(left, backoff.next())));
    }
    return false;
  }

  private static Duration timeout(long deadlineNanos, Duration max) {
    long left = deadlineNanos - System.nanoTime();
    return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(100),
        Math.min(left, max.toNanos())));
  }

  static String name(Path dir, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : dir.relativize(file)) {
      parts.add(p.toString());
    }
    return String.join("/", parts);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
