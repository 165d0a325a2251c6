package dev.vane.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.internal.ServerHttp;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.wire.ApiError;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.protocol.wire.IngestResult;
import dev.vane.protocol.wire.UpsertResult;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The SDK's side of the HTTP API ({@code docs/http-api.md}): run upserts, record batches and file
 * uploads. Thread-safe.
 */
public final class ApiClient {
  /** How long to wait for a TCP connection. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final ServerHttp server;

  /**
   * A client of the server at {@code baseUrl} (no trailing slash) using {@code apiKey} (may be
   * {@code null}: the server will answer 401).
   */
  public ApiClient(String baseUrl, String apiKey) {
    this.server = new ServerHttp(baseUrl, apiKey, CONNECT_TIMEOUT);
  }

  /** The server's base URL. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** Creates the run or attaches to it again ({@code POST /api/v1/runs}) as its live writer. */
  public UpsertResult upsert(RunStart start, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    return upsert(start, timeout, false);
  }

  /**
   * Creates the run or attaches to it again ({@code POST /api/v1/runs}); {@code replay} for
   * {@code vane sync}, whose upsert is no sign of the program's life.
   */
  public UpsertResult upsert(RunStart start, Duration timeout, boolean replay)
      throws IOException, ApiException, InterruptedException {
    HttpRequest req = request(Endpoints.RUNS + (replay ? "?replay=true" : ""), timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(VaneJson.records().writeValueAsBytes(start)))
        .build();
    return VaneJson.records().readValue(send(req), UpsertResult.class);
  }

  /** Who sends records, which the server reads as a sign of life or not. */
  public enum Sender {
    /** The run's live writer: every request is a heartbeat. */
    LIVE(""),
    /** A replay of the run log ({@code vane sync}): no heartbeat. */
    REPLAY("?replay=true"),
    /**
     * The last request of a replay: the log is complete and its writer gone, so a run without an
     * exit record ends {@code crashed}.
     */
    FINAL("?final=true");

    private final String query;

    Sender(String query) {
      this.query = query;
    }
  }

  /** Sends a batch of frames ({@code POST .../records}); an empty body is a heartbeat. */
  public IngestResult sendFrames(RunTarget run, byte[] frames, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    return sendFrames(run, frames, timeout, Sender.LIVE);
  }

  /** Sends a batch of frames ({@code POST .../records}) as the live writer or as a replay. */
  public IngestResult sendFrames(RunTarget run, byte[] frames, Duration timeout, Sender sender)
      throws IOException, ApiException, InterruptedException {
    HttpRequest.Builder b = request(
        Endpoints.records(run.entity(), run.project(), run.id()) + sender.query, timeout)
        .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(frames));
    if (run.writer() != null) {
      b.header(Endpoints.WRITER_HEADER, run.writer());
    }
    HttpRequest req = b.build();
    return VaneJson.records().readValue(send(req), IngestResult.class);
  }

  /**
   * Whether someone stopped the run ({@code GET .../stop}): read-only on the server, no
   * heartbeat, so an idle run may ask often.
   */
  public boolean stopped(RunTarget run, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    String path = Endpoints.stop(run.entity(), run.project(), run.id());
    return VaneJson.records().readTree(send(request(path, timeout).GET().build()))
        .path("stopped").asBoolean(false);
  }

  /** Uploads one run file ({@code PUT .../files/{name}}), replacing an earlier one. */
  public void putFile(RunTarget run, String name, Path file, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    HttpRequest req = request(Endpoints.file(run.entity(), run.project(), run.id(), name), timeout)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofFile(file))
        .build();
    send(req);
  }

  /**
   * The server's side of a resumable upload.
   *
   * @param offset how many bytes of the upload the server holds
   * @param complete whether the server holds the whole file with that SHA-256
   */
  public record UploadState(long offset, boolean complete) {}

  /**
   * Sends one chunk of a resumable upload ({@code PUT .../files/{name}?offset=&size=&sha256=});
   * the server installs the file when the chunk completes it and the SHA-256 matches.
   */
  public UploadState putChunk(RunTarget run, String name, long offset, long size, String sha256,
      byte[] chunk, int length, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    String path = Endpoints.file(run.entity(), run.project(), run.id(), name) + "?offset=" + offset
        + "&size=" + size + "&sha256=" + sha256;
    HttpRequest req = request(path, timeout)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk, 0, length))
        .build();
    return uploadState(send(req));
  }

  /** How much of a resumable upload the server holds ({@code GET .../uploads/{name}}). */
  public UploadState uploadState(RunTarget run, String name, String sha256, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    String path = Endpoints.upload(run.entity(), run.project(), run.id(), name) + "?sha256="
        + sha256;
    return uploadState(send(request(path, timeout).GET().build()));
  }

  private static UploadState uploadState(byte[] body) throws IOException {
    JsonNode n = VaneJson.records().readTree(body);
    return new UploadState(n.path("offset").asLong(0), n.path("complete").asBoolean(false));
  }

  /** The run's files on the server: name to SHA-256 ({@code GET .../files}). */
  public Map<String, String> listFiles(RunTarget run, Duration timeout)
      throws IOException, ApiException, InterruptedException {
    String path = Endpoints.run(run.entity(), run.project(), run.id()) + "/files";
    JsonNode body = VaneJson.records().readTree(send(request(path, timeout).GET().build()));
    Map<String, String> out = new HashMap<>();
    for (JsonNode f : body.path("files")) {
      out.put(f.path("name").asText(), f.path("sha256").asText());
    }
    return out;
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    return server.request(path, timeout);
  }

  private byte[] send(HttpRequest req) throws IOException, ApiException, InterruptedException {
    HttpResponse<byte[]> res = server.client().send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() / 100 == 2) {
      return res.body();
    }
    throw error(res.statusCode(), res.body());
  }

  static ApiException error(int status, byte[] body) {
    try {
      ApiError e = VaneJson.records().readValue(body, ApiError.class);
      if (e != null && e.error() != null && e.error().code() != null) {
        return new ApiException(status, e.error().code(), e.error().message(), e.lastSeq());
      }
    } catch (IOException | RuntimeException ignored) {
      // not our error body: report the raw text below
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    return new ApiException(status, "http_" + status, text.isEmpty() ? "HTTP " + status : text,
        null);
  }
}
