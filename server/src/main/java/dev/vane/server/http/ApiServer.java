package dev.vane.server.http;

import dev.vane.server.auth.Authenticator;
import dev.vane.server.ingest.RecordIngester;
import dev.vane.server.ingest.RunUpsert;
import dev.vane.server.store.Database;
import dev.vane.server.store.RunFolders;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.util.List;

/**
 * The HTTP API on Javalin: wires the route groups, the JSON error mapping and the body limit. No
 * request log: the server stays quiet unless something fails.
 */
public final class ApiServer {
  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts serving.
   *
   * @param host the address to bind
   * @param port the port, 0 for a free one
   */
  public static ApiServer start(
      String host,
      int port,
      Database database,
      Authenticator authenticator,
      RunUpsert upsert,
      RecordIngester ingester,
      RunFolders folders) {
    List<RouteGroup> groups =
        List.of(
            new HealthRoutes(),
            new ProjectRoutes(database, authenticator),
            new AccountRoutes(database, authenticator),
            new TeamRoutes(database, authenticator),
            // Before RunRoutes: ".../{project}/sampled" must win over the run ".../{project}/{id}".
            new SampledRoutes(database, authenticator),
            new RunRoutes(database, authenticator, upsert, folders),
            new HistoryRoutes(database, authenticator),
            new SystemRoutes(database, authenticator),
            new LogRoutes(database, authenticator),
            new IngestRoutes(authenticator, ingester),
            new FileRoutes(database, authenticator, folders),
            // Last: its page patterns ("/{entity}/{project}") are the most general.
            new UiRoutes(authenticator));
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              // The watcher thread is not a daemon and would keep the JVM alive after stop().
              cfg.startup.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = RequestBody.LIMIT;
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              // A known path with the wrong method says so (405) rather than "no route" (404).
              cfg.http.prefer405over404 = true;
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              ErrorMapping.install(cfg);
              RouteTable table = new RouteTable(cfg.routes, new AccessGuard(authenticator));
              for (RouteGroup g : groups) {
                g.addTo(table);
              }
            });
    app.start(host, port);
    return new ApiServer(app);
  }

  /** The bound port. */
  public int port() {
    return app.port();
  }

  /**
   * The route table as served: method, path and access rule of every endpoint ({@code null} for
   * an endpoint registered without one), for audits and the access-matrix test.
   */
  public List<RouteRule> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(
            p -> {
              Access access = p.endpoint.metadata(Access.class);
              return new RouteRule(
                  p.endpoint.method.name(), p.endpoint.path, access == null ? null : access.name());
            })
        .toList();
  }

  /**
   * One served route.
   *
   * @param method the HTTP method
   * @param path the path pattern, e.g. {@code /api/v1/runs/{entity}/{project}}
   * @param access the name of its access rule ({@code PUBLIC}, {@code READ}, ...), or {@code null}
   */
  public record RouteRule(String method, String path, String access) {}

  /** Stops serving. */
  public void stop() {
    app.stop();
  }
}
