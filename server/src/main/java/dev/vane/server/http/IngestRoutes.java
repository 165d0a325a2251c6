package dev.vane.server.http;

import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.ingest.IngestMode;
import dev.vane.server.ingest.RecordIngester;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/runs/{entity}/{project}/{id}/records}: a batch of frames ({@code
 * application/vnd.vane.frames}); an empty body is a heartbeat. {@code ?replay=true} marks records
 * replayed from a run log ({@code vane sync}), which are no heartbeat; {@code ?final=true} (a
 * replay too) says the log is complete and its writer gone. See {@link IngestMode}.
 */
final class IngestRoutes implements RouteGroup {
  private final AccessGuard guard;
  private final RecordIngester ingester;

  /** Applies batches with the ingester. */
  IngestRoutes(Authenticator authenticator, RecordIngester ingester) {
    this.guard = new AccessGuard(authenticator);
    this.ingester = ingester;
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.post("/api/v1/runs/{entity}/{project}/{id}/records", Access.WRITE, this::ingest);
  }

  private void ingest(Context ctx) {
    RunPath path = guard.runPath(ctx);
    String type = RequestBody.mediaType(ctx);
    boolean framed = Endpoints.FRAMES_MEDIA_TYPE.equals(type);
    if (!framed && (type != null || ctx.req().getContentLengthLong() > 0)) {
      throw unsupported(ctx);
    }
    byte[] body = RequestBody.bytes(ctx);
    if (!framed && body.length > 0) {
      throw unsupported(ctx); // a chunked body without a content type
    }
    IngestMode mode =
        QueryParams.flag(ctx, "final")
            ? IngestMode.FINAL
            : QueryParams.flag(ctx, "replay") ? IngestMode.REPLAY : IngestMode.LIVE;
    ApiJson.send(
        ctx,
        ingester.ingest(
            path.entity(),
            path.project(),
            path.id(),
            body,
            mode,
            ctx.header(Endpoints.WRITER_HEADER)));
  }

  private static ApiException unsupported(Context ctx) {
    return ApiException.of(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be "
            + Endpoints.FRAMES_MEDIA_TYPE
            + ", not "
            + ctx.header("Content-Type"));
  }
}
