package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFileName;
import dev.vane.server.store.RunFolders;
import dev.vane.server.store.StoredFile;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run files: upload ({@code PUT .../files/{name}}, whole or in resumable chunks), list ({@code GET
 * .../files}), download ({@code GET}/{@code HEAD .../files/{name}}, with {@code Range}) and the
 * state of a resumable upload ({@code GET .../uploads/{name}?sha256=}). Names may contain {@code
 * /}; names that could leave the run's folder are refused with {@code invalid_path}.
 */
final class FileRoutes implements RouteGroup {
  private static final String RUN = "/api/v1/runs/{entity}/{project}/{id}";
  private static final String FILES = RUN + "/files";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  /**
   * Chunks to one staged part are serialized in this process, one lock per part (counted, and
   * dropped when no request holds it), so a slow client only delays chunks of its own upload.
   * Servers sharing a data folder do not share these locks; two clients uploading the same content
   * under the same name to two servers at once is not worth more.
   */
  private static final ConcurrentHashMap<Path, PartLock> PART_LOCKS = new ConcurrentHashMap<>();

  /** A part's lock and how many requests hold or wait for it; changed only inside compute. */
  private static final class PartLock {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  private static PartLock lockPart(Path part) {
    PartLock l = PART_LOCKS.compute(part, (k, v) -> {
      PartLock held = v == null ? new PartLock() : v;
      held.users++;
      return held;
    });
    l.lock.lock();
    return l;
  }

  private static void unlockPart(Path part, PartLock l) {
    l.lock.unlock();
    PART_LOCKS.compute(part, (k, v) -> --v.users == 0 ? null : v);
  }

  private final Database database;
  private final AccessGuard guard;
  private final RunFolders folders;

  /** Keeps metadata in the database and bytes in the run folders. */
  FileRoutes(Database database, Authenticator authenticator, RunFolders folders) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
    this.folders = folders;
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get(FILES, Access.READ, this::list);
    // <name> (not {name}) matches across slashes, so names may have folders.
    routes.put(FILES + "/<name>", Access.WRITE, this::put);
    routes.get(FILES + "/<name>", Access.READ, ctx -> get(ctx, false));
    routes.head(FILES + "/<name>", Access.READ, ctx -> get(ctx, true));
    routes.get(RUN + "/uploads/<name>", Access.WRITE, this::uploadState);
  }

  private void put(Context ctx) throws IOException {
    if (ctx.queryParam("offset") != null) {
      putChunk(ctx);
      return;
    }
    RunPath path = guard.runPath(ctx);
    RunFileName name = new RunFileName(ctx.pathParam("name"));
    database.read(s -> AccessGuard.run(s, path)); // 404 before reading the body
    // The request stream is the container's: not closed here, so a refused body can be drained.
    InputStream in = RequestBody.stream(ctx);
    try (RunFolders.StagedFile staged = folders.stage(in, RequestBody.LIMIT)) {
      ApiJson.send(ctx, view(store(path, name, staged)));
    }
  }

  /**
   * One chunk of a resumable upload: {@code ?offset=N&size=S&sha256=X}. The chunk is appended to
   * the staged part when it starts where the part ends (offset 0 starts over); when the part
   * reaches the declared size its SHA-256 is checked and the file installed.
   */
  private void putChunk(Context ctx) throws IOException {
    RunPath path = guard.runPath(ctx);
    RunFileName name = new RunFileName(ctx.pathParam("name"));
    String sha = sha256Param(ctx);
    Long size = QueryParams.optionalLong(ctx, "size", 0, Long.MAX_VALUE);
    if (size == null) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT,
          "size (the whole file's bytes) is required with offset");
    }
    long offset = QueryParams.optionalLong(ctx, "offset", 0, Long.MAX_VALUE);
    if (offset > size) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT,
          "offset " + offset + " is past the declared size of " + size + " bytes");
    }
    Run run = database.read(s -> AccessGuard.run(s, path)); // 404 before reading the body
    Path part = folders.partial(run.pk(), name, sha);
    Map<String, Object> view;
    PartLock lock = lockPart(part);
    try {
      if (offset == 0) {
        Files.deleteIfExists(part); // offset 0 starts the upload over
      }
      long have = RunFolders.partialSize(part);
      if (offset != have) {
        throw ApiException.of(ErrorCode.OFFSET_MISMATCH, "offset " + offset
            + " is not where the staged upload ends: the server has " + have
            + " bytes; resume from offset " + have);
      }
      long staged;
      try {
        staged = RunFolders.append(part, new ClientStream(RequestBody.stream(ctx)), size);
      } catch (ClientGone e) {
        // The client went away mid-chunk: what arrived stays staged and the client resumes
        // after it (GET .../uploads/{name}). No one is left to answer, and it is no server error.
        return;
      }
      if (staged < size) {
        view = uploadView(name.value(), sha, size, staged, false);
      } else {
        // Installed under the part's lock, so a chunk starting over cannot delete it meanwhile.
        try (RunFolders.StagedFile file = RunFolders.complete(part, sha)) {
          view = view(store(path, name, file));
          view.put("offset", size);
          view.put("complete", true);
        }
      }
    } finally {
      unlockPart(part, lock);
    }
    ApiJson.send(ctx, view);
  }

  /** How much of a resumable upload the server has: {@code ?sha256=X}. */
  private void uploadState(Context ctx) throws IOException {
    RunPath path = guard.runPath(ctx);
    RunFileName name = new RunFileName(ctx.pathParam("name"));
    String sha = sha256Param(ctx);
    Map.Entry<Run, Optional<StoredFile>> found =
        database.read(s -> {
          Run run = AccessGuard.run(s, path);
          return Map.entry(run, s.files().find(run.pk(), name.value()));
        });
    Optional<StoredFile> stored = found.getValue();
    if (stored.isPresent() && stored.get().sha256().equals(sha)) {
      long size = stored.get().size();
      ApiJson.send(ctx, uploadView(name.value(), sha, size, size, true));
      return;
    }
    long have = RunFolders.partialSize(folders.partial(found.getKey().pk(), name, sha));
    ApiJson.send(ctx, uploadView(name.value(), sha, null, have, false));
  }

  /** Installs a staged file under the run's lock and records it. */
  private StoredFile store(RunPath path, RunFileName name, RunFolders.StagedFile staged) {
    StoredFile file =
        new StoredFile(name.value(), staged.size(), staged.sha256(), System.currentTimeMillis());
    // Installed inside the write transaction, under the run's lock: uploads to the run are
    // serialized across server processes (bytes and metadata of one name stay in step), and a
    // run deleted meanwhile is noticed (404) before its folder is written again.
    database.write(
        s -> {
          Run run = AccessGuard.runForUpdate(s, path);
          try {
            folders.install(staged, run.pk(), name);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          s.files().put(run.pk(), file);
          return null;
        });
    return file;
  }

  private void list(Context ctx) {
    RunPath path = guard.runPath(ctx);
    List<Map<String, Object>> files =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              return s.files().list(run.pk()).stream().map(FileRoutes::view).toList();
            });
    ApiJson.send(ctx, Map.of("files", files));
  }

  /**
   * Sends a file, or with {@code Range: bytes=A-B} ({@code A-}, {@code -N}) part of it as {@code
   * 206}. A range that starts past the end is {@code 416}; a header that is not one such range
   * (several ranges, other units) is ignored and the whole file sent, as RFC 9110 allows.
   */
  private void get(Context ctx, boolean head) throws IOException {
    RunPath path = guard.runPath(ctx);
    RunFileName name = new RunFileName(ctx.pathParam("name"));
    Map.Entry<Run, StoredFile> found =
        database.read(
            s -> {
              Run run = AccessGuard.run(s, path);
              StoredFile f =
                  s.files()
                      .find(run.pk(), name.value())
                      .orElseThrow(() -> ApiException.notFound("file \"" + name + "\""));
              return Map.entry(run, f);
            });
    StoredFile file = found.getValue();
    long size = file.size();
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("ETag", "\"" + file.sha256() + "\"");
    // Files are the user's bytes: never let a browser guess them into HTML.
    ctx.header("X-Content-Type-Options", "nosniff");
    long start = 0;
    long end = size - 1;
    String range = ctx.header("Range");
    Matcher m = range == null ? null : RANGE.matcher(range.strip());
    // bytes=B-A with A < B is not a valid range: ignored, like any header that is not one range.
    if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())
        && (m.group(1).isEmpty() || m.group(2).isEmpty()
            || parse(m.group(2)) >= parse(m.group(1)))) {
      if (m.group(1).isEmpty()) { // suffix: the last N bytes
        long n = parse(m.group(2));
        if (n == 0 || size == 0) {
          throw unsatisfiable(ctx, range, size);
        }
        start = Math.max(0, size - n);
      } else {
        start = parse(m.group(1));
        if (start >= size) {
          throw unsatisfiable(ctx, range, size);
        }
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, parse(m.group(2)));
        }
      }
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    }
    long length = Math.max(0, end - start + 1);
    ctx.contentType(contentType(name.value()));
    ctx.header("Content-Length", Long.toString(length));
    if (head) {
      return;
    }
    InputStream in = folders.open(found.getKey().pk(), name);
    try {
      in.skipNBytes(start);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    ctx.result(new Limited(in, length)); // Javalin closes the stream after sending
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // more digits than a long: past any file's end
    }
  }

  private static ApiException unsatisfiable(Context ctx, String range, long size) {
    ctx.header("Content-Range", "bytes */" + size);
    return ApiException.of(ErrorCode.RANGE_NOT_SATISFIABLE,
        "the range \"" + range + "\" is outside the file's " + size + " bytes");
  }

  private static String sha256Param(Context ctx) {
    String sha = ctx.queryParam("sha256");
    if (sha == null || !SHA256.matcher(sha).matches()) {
      throw ApiException.of(ErrorCode.INVALID_ARGUMENT,
          "sha256 must be the file's SHA-256 in 64 lower-case hex digits, not \"" + sha + "\"");
    }
    return sha;
  }

  /**
   * The media type by extension: a short list of types that are safe to show inline. HTML, SVG
   * and scripts are sent as bytes, so a run file never runs in the server's origin.
   */
  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "json" -> "application/json";
      case "txt", "log", "md", "yaml", "yml", "toml", "py", "java", "ini", "cfg", "properties" ->
          "text/plain; charset=utf-8";
      case "csv" -> "text/csv; charset=utf-8";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "pdf" -> "application/pdf";
      case "gz" -> "application/gzip";
      case "zip" -> "application/zip";
      default -> "application/octet-stream";
    };
  }

  private static Map<String, Object> view(StoredFile f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("size", f.size());
    m.put("sha256", f.sha256());
    m.put("updatedAt", IsoTime.format(f.updatedAt()));
    return m;
  }

  private static Map<String, Object> uploadView(String name, String sha, Long size, long offset,
      boolean complete) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("sha256", sha);
    if (size != null) {
      m.put("size", size);
    }
    m.put("offset", offset);
    m.put("complete", complete);
    return m;
  }

  /** A failure to read the request body: the client is gone. */
  private static final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause);
    }
  }

  /** The request body, whose read failures are told apart from failures to write the part. */
  private static final class ClientStream extends FilterInputStream {
    ClientStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }
  }

  /** At most {@code left} bytes of a stream. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }
  }
}
