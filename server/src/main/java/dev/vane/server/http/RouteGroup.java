package dev.vane.server.http;

import io.javalin.config.RoutesConfig;

/** The routes of one API resource. */
@FunctionalInterface
interface RouteGroup {

  /** Registers the routes. */
  void addTo(RoutesConfig routes);
}
