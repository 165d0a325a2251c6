package dev.vane.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vane.protocol.VaneJson;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.Database;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.Run;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/{entity}/{project}/{id}/history?keys=a,b&minStep=&maxStep=&limit=}: a
 * run's history rows in step order, streamed: rows are written as the store rebuilds them, so a
 * run of any length is served in bounded memory.
 */
final class HistoryRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRoutes.class);

  private final Database database;
  private final AccessGuard guard;

  /** Reads history from the database. */
  HistoryRoutes(Database database, Authenticator authenticator) {
    this.database = database;
    this.guard = new AccessGuard(authenticator);
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/api/v1/runs/{entity}/{project}/{id}/history", Access.READ, this::history);
  }

  private void history(Context ctx) {
    RunPath path = guard.runPath(ctx);
    Long limit = QueryParams.optionalLong(ctx, "limit", 1, Integer.MAX_VALUE);
    HistoryQuery query =
        new HistoryQuery(
            QueryParams.names(ctx.queryParam("keys")),
            QueryParams.optionalLong(ctx, "minStep", Long.MIN_VALUE, Long.MAX_VALUE),
            QueryParams.optionalLong(ctx, "maxStep", Long.MIN_VALUE, Long.MAX_VALUE),
            limit == null ? null : limit.intValue());
    try {
      database.read(
          s -> {
            Run run = AccessGuard.run(s, path); // errors go out before the first byte
            ctx.status(200).contentType(ApiJson.CONTENT_TYPE);
            try (JsonGenerator g = VaneJson.api().createGenerator(ctx.outputStream())) {
              g.writeStartObject();
              g.writeArrayFieldStart("rows");
              s.history().stream(run.pk(), query, row -> writeRow(g, row));
              g.writeEndArray();
              g.writeEndObject();
            } catch (IOException e) {
              throw new ClientGone(e);
            }
            return null;
          });
    } catch (ClientGone e) {
      // A client may stop reading whenever it has the rows it wants (the SDK's history stream
      // closed early): nothing is wrong, and nothing more can be sent.
      LOG.debug("{} {}: the client stopped reading the history: {}", ctx.method(), ctx.path(),
          e.getCause().toString());
    }
  }

  /** Writing the answer failed: the client closed the connection, or the network failed. */
  private static final class ClientGone extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super("cannot write the history", cause);
    }
  }

  private static void writeRow(JsonGenerator g, Map<String, Object> row) {
    try {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : row.entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** Writes a value as the rest of the API does: NaN and infinities as strings. */
  static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Long || v instanceof Integer) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof String str) {
      g.writeString(str);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v == null) {
      g.writeNull();
    } else {
      g.writeObject(v); // lists, maps, big numbers: the API mapper, as other responses
    }
  }

  /** A double, NaN and infinities as the strings the API uses. */
  static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d)) {
      g.writeString("NaN");
    } else if (Double.isInfinite(d)) {
      g.writeString(d > 0 ? "Infinity" : "-Infinity");
    } else {
      g.writeNumber(d);
    }
  }
}
