package dev.vane.server.http;

import java.util.Map;

/** {@code GET /api/v1/health}: the one route without auth, for load balancers and the CLI. */
final class HealthRoutes implements RouteGroup {

  @Override
  public void addTo(RouteTable routes) {
    routes.get(
        dev.vane.protocol.wire.Endpoints.HEALTH,
        Access.PUBLIC,
        ctx -> ApiJson.send(ctx, Map.of("status", "ok")));
  }
}
