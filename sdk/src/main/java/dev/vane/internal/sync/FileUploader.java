package dev.vane.internal.sync;

import dev.vane.internal.Diagnostics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * with the same SHA-256 (so syncing twice changes nothing). Each file goes up with the resumable
 * chunked protocol, so a broken connection costs at most the chunk in flight.
 */
public final class FileUploader {
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_PUT_TIMEOUT = Duration.ofSeconds(60);
  private static final int TRIES = 3;
  /** The most bytes per request of a resumable upload; the server takes up to 64 MiB. */
  static final int CHUNK_BYTES = 8 * 1024 * 1024;
  /** Files larger than this show upload progress. */
  static final long PROGRESS_BYTES = 10L * 1000 * 1000;

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
      if (uploadFile(api, run, name, file, deadlineNanos, diag)) {
        uploaded.add(name);
      } else {
        failed.add(name);
      }
    }
    diag.debug("files: uploaded " + uploaded + ", unchanged " + unchanged + ", failed " + failed);
    return new Result(uploaded, unchanged, failed);
  }

  /**
   * Uploads one file under {@code name} with the resumable protocol ({@code docs/http-api.md}):
   * asks the server how much of this content it holds, sends the rest in chunks of {@link
   * #CHUNK_BYTES}, and on a failure asks again and resumes. The server installs the file only when
   * all bytes arrived with the declared SHA-256. Files over {@link #PROGRESS_BYTES} show progress
   * on the console, at most once a second.
   *
   * @return whether the server now holds the file
   */
  public static boolean uploadFile(ApiClient api, RunTarget run, String name, Path file,
      long deadlineNanos, Diagnostics diag) throws InterruptedException {
    Backoff backoff = new Backoff();
    Progress progress = null;
    for (int attempt = 1; attempt <= TRIES; attempt++) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      try {
        Hashed h = hash(file);
        if (progress == null && h.size > PROGRESS_BYTES) {
          progress = new Progress(name, h.size, diag);
        }
        long offset = 0;
        if (h.size > CHUNK_BYTES) { // small files are one chunk: asking first costs as much
          ApiClient.UploadState state =
              api.uploadState(run, name, h.sha256, timeout(deadlineNanos, LIST_TIMEOUT));
          if (state.complete()) {
            return true;
          }
          offset = Math.min(state.offset(), h.size);
          if (offset > 0) {
            diag.debug("resuming the upload of " + name + " at byte " + offset);
          }
        }
        if (sendFrom(api, run, name, file, h, offset, deadlineNanos, progress)) {
          if (progress != null) {
            progress.done();
          }
          return true;
        }
        diag.debug("uploading " + name + " ran out of time");
        return false;
      } catch (ApiException e) {
        diag.debug("uploading " + name + " failed: " + e.describe());
        // offset_mismatch: another try asks the server where to resume; checksum_mismatch: the
        // file changed while it was sent, so another try hashes it again.
        boolean again = e.retryable() || "offset_mismatch".equals(e.code())
            || "checksum_mismatch".equals(e.code());
        if (!again) {
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

  /** Sends the file's bytes from {@code offset}; false when the deadline passed first. */
  private static boolean sendFrom(ApiClient api, RunTarget run, String name, Path file, Hashed h,
      long offset, long deadlineNanos, Progress progress)
      throws IOException, ApiException, InterruptedException {
    byte[] buf = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1, h.size - offset))];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        if (System.nanoTime() - deadlineNanos >= 0) {
          return false;
        }
        int len = (int) Math.min(buf.length, h.size - offset);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        long pos = offset;
        while (bb.hasRemaining()) {
          int n = ch.read(bb, pos);
          if (n < 0) { // shorter than when hashed: the server will refuse the checksum
            break;
          }
          pos += n;
        }
        ApiClient.UploadState state = api.putChunk(run, name, offset, h.size, h.sha256, buf,
            bb.position(), timeout(deadlineNanos, MAX_PUT_TIMEOUT));
        if (state.complete()) {
          return true;
        }
        if (state.offset() <= offset) { // no progress: a short read of a file that shrank
          throw new IOException(name + " changed while it was uploaded");
        }
        offset = state.offset();
        if (progress != null) {
          progress.at(offset);
        }
      }
    }
  }

  /** Prints "uploading NAME 40% (40/100 MB)", at most once a second. */
  private static final class Progress {
    private final String name;
    private final long size;
    private final Diagnostics diag;
    private long lastPrint = System.nanoTime();

    Progress(String name, long size, Diagnostics diag) {
      this.name = name;
      this.size = size;
      this.diag = diag;
    }

    void at(long bytes) {
      if (System.nanoTime() - lastPrint >= TimeUnit.SECONDS.toNanos(1)) {
        print(bytes);
      }
    }

    void done() {
      print(size);
    }

    private void print(long bytes) {
      lastPrint = System.nanoTime();
      diag.console().line(line(name, bytes, size));
    }
  }

  /** The progress line: {@code uploading model.bin 40% (40/100 MB)}. */
  static String line(String name, long bytes, long size) {
    long mb = 1000 * 1000;
    return "uploading " + name + " " + (size == 0 ? 100 : bytes * 100 / size) + "% ("
        + (bytes / mb) + "/" + ((size + mb - 1) / mb) + " MB)";
  }

  private record Hashed(long size, String sha256) {}

  private static Hashed hash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      long size = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        size += n;
      }
      return new Hashed(size, HexFormat.of().formatHex(md.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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

  /** The hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
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
