package dev.vane.server.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code GET /api/v1/health}: the one route without auth, for load balancers and the CLI. */
final class HealthRoutes implements RouteGroup {

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(
        dev.vane.protocol.wire.Endpoints.HEALTH, ctx -> ApiJson.send(ctx, Map.of("status", "ok")));
  }
}
