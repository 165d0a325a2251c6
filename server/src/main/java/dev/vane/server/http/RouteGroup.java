package dev.vane.server.http;

/** The routes of one API resource. */
@FunctionalInterface
interface RouteGroup {

  /** Registers the routes, each with its access rule. */
  void addTo(RouteTable routes);
}
