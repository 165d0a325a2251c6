package dev.vane.protocol.wire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The paths and media types of the HTTP API shared by the SDK and the server. */
public final class Endpoints {
  /** Health check, the one route without auth. */
  public static final String HEALTH = "/api/v1/health";
  /** POST: create a run or attach its writer again (body {@link dev.vane.protocol.RunStart}). */
  public static final String RUNS = "/api/v1/runs";
  /** Media type of ingest bodies: frames in the run log framing, without the file header. */
  public static final String FRAMES_MEDIA_TYPE = "application/vnd.vane.frames";

  /**
   * The header naming the writer of an ingest batch (its run record's {@code writer} token); a
   * batch of a writer the run no longer belongs to (another resumed it) is refused.
   */
  public static final String WRITER_HEADER = "Vane-Writer";

  private Endpoints() {}

  /** {@code /api/v1/runs/{entity}/{project}/{id}}. */
  public static String run(String entity, String project, String id) {
    return RUNS + "/" + seg(entity) + "/" + seg(project) + "/" + seg(id);
  }

  /** POST frames here: {@code /api/v1/runs/{entity}/{project}/{id}/records}. */
  public static String records(String entity, String project, String id) {
    return run(entity, project, id) + "/records";
  }

  /**
   * POST stops the run; GET answers whether it was stopped: {@code
   * /api/v1/runs/{entity}/{project}/{id}/stop}.
   */
  public static String stop(String entity, String project, String id) {
    return run(entity, project, id) + "/stop";
  }

  /** PUT or GET one file: {@code /api/v1/runs/{entity}/{project}/{id}/files/{name}}. */
  public static String file(String entity, String project, String id, String name) {
    return under(entity, project, id, "/files", name);
  }

  private static String under(String entity, String project, String id, String folder,
      String name) {
    StringBuilder b = new StringBuilder(run(entity, project, id)).append(folder);
    for (String part : name.split("/", -1)) {
      b.append('/').append(seg(part));
    }
    return b.toString();
  }

  /**
   * The state of a resumable upload of one file: {@code
   * /api/v1/runs/{entity}/{project}/{id}/uploads/{name}}.
   */
  public static String upload(String entity, String project, String id, String name) {
    return under(entity, project, id, "/uploads", name);
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
