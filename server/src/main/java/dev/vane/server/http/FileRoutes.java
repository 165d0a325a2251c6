package dev.vane.server.http;

import dev.vane.server.ApiException;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFileName;
import dev.vane.server.store.RunFolders;
import dev.vane.server.store.StoredFile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run files: upload ({@code PUT .../files/{name}}), list ({@code GET .../files}) and download
 * ({@code GET .../files/{name}}). Names may contain {@code /}; names that could leave the run's
 * folder are refused with {@code invalid_path}.
 */
final class FileRoutes implements RouteGroup {
  private static final String FILES = "/api/v1/runs/{entity}/{project}/{id}/files";

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
  public void addTo(RoutesConfig routes) {
    routes.get(FILES, this::list);
    // <name> (not {name}) matches across slashes, so names may have folders.
    routes.put(FILES + "/<name>", this::put);
    routes.get(FILES + "/<name>", this::get);
  }

  private void put(Context ctx) throws IOException {
    RunPath path = guard.runPath(ctx);
    RunFileName name = new RunFileName(ctx.pathParam("name"));
    database.read(s -> AccessGuard.run(s, path)); // 404 before reading the body
    // The request stream is the container's: not closed here, so a refused body can be drained.
    InputStream in = RequestBody.stream(ctx);
    try (RunFolders.StagedFile staged = folders.stage(in, RequestBody.LIMIT)) {
      long now = System.currentTimeMillis();
      StoredFile file = new StoredFile(name.value(), staged.size(), staged.sha256(), now);
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
      ApiJson.send(ctx, view(file));
    }
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

  private void get(Context ctx) throws IOException {
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
    InputStream in = folders.open(found.getKey().pk(), name);
    ctx.contentType("application/octet-stream");
    ctx.header("Content-Length", Long.toString(found.getValue().size()));
    ctx.result(in); // Javalin closes the stream after sending
  }

  private static Map<String, Object> view(StoredFile f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("size", f.size());
    m.put("sha256", f.sha256());
    m.put("updatedAt", IsoTime.format(f.updatedAt()));
    return m;
  }
}
