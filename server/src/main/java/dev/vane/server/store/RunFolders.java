package dev.vane.server.store;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The bytes of run files, on disk under {@code ROOT/RUN_PK/NAME}. Folders are named by the run's
 * internal key, not its entity, project and ID, so no user-chosen text becomes a folder name except
 * the checked file name. Uploads are written to a staging folder first and moved into place, so a
 * reader never sees half a file.
 */
public final class RunFolders {
  /** How long a staged upload may stay untouched before it counts as abandoned. */
  public static final Duration STALE_UPLOAD = Duration.ofHours(1);

  private final Path root;
  private final Path staging;

  /**
   * Uses existing folders.
   *
   * @param root where run folders live
   * @param staging where uploads are written before they are moved into place; on the same file
   *     system as {@code root}
   */
  public RunFolders(Path root, Path staging) {
    this.root = root.toAbsolutePath().normalize();
    this.staging = staging.toAbsolutePath().normalize();
  }

  /**
   * An upload written to the staging folder. Closing deletes it unless it was installed.
   *
   * @param path the staged file
   * @param size bytes
   * @param sha256 hex SHA-256
   */
  public record StagedFile(Path path, long size, String sha256) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      Files.deleteIfExists(path);
    }
  }

  /**
   * Copies an upload to the staging folder.
   *
   * @param limit the most bytes allowed
   * @throws ApiException {@code too_large} when the stream has more than {@code limit} bytes
   */
  public StagedFile stage(InputStream in, long limit) throws IOException {
    Path tmp = Files.createTempFile(staging, "upload-", ".tmp");
    try {
      MessageDigest sha = sha256();
      long size = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          size += n;
          if (size > limit) {
            throw ApiException.of(
                ErrorCode.TOO_LARGE, "the file is larger than the limit of " + limit + " bytes");
          }
          out.write(buf, 0, n);
        }
      }
      return new StagedFile(tmp, size, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Where the staged part of a resumable upload lives: one file per run, name and declared
   * SHA-256, so a resumed upload of other content never continues a stale part. In the staging
   * folder, so {@link #clearStaging()} removes parts abandoned for {@link #STALE_UPLOAD}.
   */
  public Path partial(long runPk, RunFileName name, String sha256) {
    // The name is hashed: it may hold slashes and be 1024 characters long.
    MessageDigest md = sha256();
    md.update(name.value().getBytes(StandardCharsets.UTF_8));
    String nameKey = HexFormat.of().formatHex(md.digest()).substring(0, 32);
    return staging.resolve("part-" + runPk + "-" + nameKey + "-" + sha256 + ".part");
  }

  /** How many bytes of a resumable upload are staged: 0 when none. */
  public static long partialSize(Path partial) throws IOException {
    try {
      return Files.size(partial);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /**
   * Appends a chunk to the staged part of a resumable upload. Bytes that arrive before the client
   * goes away are kept (they are in order), so the client resumes after them.
   *
   * @param max the most bytes the part may hold (the declared size)
   * @return the part's size now
   * @throws ApiException {@code invalid_argument} when the chunk would take the part past {@code
   *     max}; the part is cut back to its size before the chunk
   */
  public static long append(Path partial, InputStream in, long max) throws IOException {
    long before = partialSize(partial);
    long size = before;
    try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (size + n > max) {
          out.close();
          truncate(partial, before);
          throw ApiException.of(ErrorCode.INVALID_ARGUMENT,
              "the chunk goes past the declared size of " + max + " bytes");
        }
        out.write(buf, 0, n);
        size += n;
      }
    }
    return size;
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  /**
   * Checks a complete staged part against its declared SHA-256 and hands it over for {@link
   * #install}. A part whose bytes differ is deleted.
   *
   * @throws ApiException {@code checksum_mismatch} when the bytes have another SHA-256
   */
  public static StagedFile complete(Path partial, String sha256) throws IOException {
    MessageDigest md = sha256();
    long size = 0;
    try (InputStream in = Files.newInputStream(partial)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        size += n;
      }
    }
    String actual = HexFormat.of().formatHex(md.digest());
    if (!actual.equals(sha256)) {
      Files.deleteIfExists(partial);
      throw ApiException.of(ErrorCode.CHECKSUM_MISMATCH, "the uploaded bytes have SHA-256 "
          + actual + ", not the declared " + sha256 + "; the upload is discarded");
    }
    return new StagedFile(partial, size, actual);
  }

  /** The size of a stored file's bytes on disk. */
  public long size(long runPk, RunFileName name) throws IOException {
    try {
      return Files.size(resolveInside(runFolder(runPk), name));
    } catch (NoSuchFileException e) {
      throw ApiException.notFound("file \"" + name + "\"");
    }
  }

  /**
   * Moves a staged upload into the run's folder, replacing an earlier file of that name.
   *
   * @throws ApiException {@code invalid_path} when the resolved path leaves the run's folder,
   *     {@code file_conflict} when a folder has the name or a file has the name of one of its
   *     folders
   */
  public void install(StagedFile file, long runPk, RunFileName name) throws IOException {
    Path folder = runFolder(runPk);
    Path target = resolveInside(folder, name);
    try {
      Files.createDirectories(target.getParent());
      // A link planted in the folder must not lead the write elsewhere.
      if (!target.getParent().toRealPath().startsWith(folder.toRealPath())) {
        throw ApiException.of(
            ErrorCode.INVALID_PATH, "file name \"" + name + "\" leaves the run's folder");
      }
      if (Files.isDirectory(target)) {
        throw conflict(name);
      }
      Files.move(
          file.path(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      throw conflict(name);
    } catch (FileSystemException e) {
      // createDirectories over an existing file reports "Not a directory" this way on Linux
      if (Files.isRegularFile(firstFileOnPath(folder, target))) {
        throw conflict(name);
      }
      throw e;
    }
  }

  /**
   * Deletes uploads left in the staging folder by a process that died mid-upload: those untouched
   * for {@link #STALE_UPLOAD}. Younger ones may belong to another server sharing the data folder
   * (servers on one PostgreSQL database) and are left alone; a live upload is written to far more
   * often than that, since the HTTP server drops a connection idle for half a minute.
   */
  public void clearStaging() throws IOException {
    FileTime cutoff = FileTime.from(Instant.now().minus(STALE_UPLOAD));
    try (Stream<Path> staged = Files.list(staging)) {
      for (Path p : (Iterable<Path>) staged::iterator) {
        try {
          if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
            Files.deleteIfExists(p);
          }
        } catch (NoSuchFileException e) {
          // installed or deleted by its own server meanwhile
        }
      }
    }
  }

  /** Opens a file's bytes. */
  public InputStream open(long runPk, RunFileName name) throws IOException {
    try {
      return Files.newInputStream(resolveInside(runFolder(runPk), name));
    } catch (NoSuchFileException e) {
      throw ApiException.notFound("file \"" + name + "\"");
    }
  }

  /** Deletes the run's folder and everything in it. */
  public void deleteRun(long runPk) throws IOException {
    Path folder = runFolder(runPk);
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path runFolder(long runPk) {
    return root.resolve(Long.toString(runPk));
  }

  private static Path resolveInside(Path folder, RunFileName name) {
    Path target = folder.resolve(name.value()).normalize();
    if (!target.startsWith(folder) || target.equals(folder)) {
      throw ApiException.of(
          ErrorCode.INVALID_PATH, "file name \"" + name + "\" leaves the run's folder");
    }
    return target;
  }

  /** The first path from the folder towards the target that is not a folder. */
  private static Path firstFileOnPath(Path folder, Path target) {
    Path p = folder;
    for (Path part : folder.relativize(target)) {
      p = p.resolve(part);
      if (!Files.isDirectory(p)) {
        return p;
      }
    }
    return p;
  }

  private static ApiException conflict(RunFileName name) {
    return ApiException.of(
        ErrorCode.FILE_CONFLICT,
        "file name \"" + name + "\" clashes with a folder or file of the same name in the run");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
