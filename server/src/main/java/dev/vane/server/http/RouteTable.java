package dev.vane.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

/**
 * Where route groups register their routes: each with an {@link Access} rule, which is enforced
 * before the handler and kept as the endpoint's metadata. There is no way to add a route here
 * without a rule.
 */
final class RouteTable {
  private final RoutesConfig routes;
  private final AccessGuard guard;

  RouteTable(RoutesConfig routes, AccessGuard guard) {
    this.routes = routes;
    this.guard = guard;
  }

  void get(String path, Access access, Handler handler) {
    add(HandlerType.GET, path, access, handler);
  }

  void head(String path, Access access, Handler handler) {
    add(HandlerType.HEAD, path, access, handler);
  }

  void post(String path, Access access, Handler handler) {
    add(HandlerType.POST, path, access, handler);
  }

  void put(String path, Access access, Handler handler) {
    add(HandlerType.PUT, path, access, handler);
  }

  void patch(String path, Access access, Handler handler) {
    add(HandlerType.PATCH, path, access, handler);
  }

  void delete(String path, Access access, Handler handler) {
    add(HandlerType.DELETE, path, access, handler);
  }

  private void add(HandlerType method, String path, Access access, Handler handler) {
    routes.addEndpoint(
        Endpoint.create(method, path)
            .addMetadata(access)
            .handler(
                ctx -> {
                  guard.check(ctx, access);
                  handler.handle(ctx);
                }));
  }
}
