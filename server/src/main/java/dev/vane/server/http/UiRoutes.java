package dev.vane.server.http;

import dev.vane.server.auth.Authenticator;
import dev.vane.server.store.TeamMember;
import dev.vane.server.store.User;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The web UI: login and logout, the app shell at every pinned page URL, and its static files. The
 * pages are plain ES modules under {@code /ui/v1/}, which read the HTTP API with the session
 * cookie; no server-side rendering, so nothing a run sends is ever written into HTML here.
 */
final class UiRoutes implements RouteGroup {
  /** Served with every page: no inline script, nothing from elsewhere. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final Map<String, String> LIBRARIES =
      Map.of("lib/uplot.esm.js", UPLOT + "uPlot.esm.js", "lib/uplot.min.css", UPLOT + "uPlot.min.css");

  /** Failed logins an address may make per minute before it must wait. */
  static final int LOGIN_ATTEMPTS_PER_MINUTE = 10;

  private final Authenticator authenticator;
  private final LoginLimiter limiter = new LoginLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60_000);

  UiRoutes(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void addTo(RouteTable routes) {
    routes.get("/login", Access.PUBLIC, this::loginPage);
    routes.post("/login", Access.PUBLIC, this::loginForm);
    routes.get("/logout", Access.PUBLIC, this::logout);
    routes.get("/api/v1/viewer", Access.SIGNED_IN, this::viewer);
    routes.get("/ui/v1/<path>", Access.PUBLIC, this::asset);
    for (String page :
        new String[] {
          "/",
          "/{entity}/{project}",
          "/{entity}/{project}/table",
          "/{entity}/{project}/runs/{id}",
          "/{entity}/{project}/runs/{id}/{tab}"
        }) {
      routes.get(page, Access.PAGE, this::page);
    }
  }

  /** {@code /login?token=KEY} logs in at once; {@code /login} alone shows the form. */
  private void loginPage(Context ctx) {
    String token = ctx.queryParam("token");
    if (token != null) {
      login(ctx, token);
      return;
    }
    sendShell(ctx, "login.html", 200);
  }

  private void loginForm(Context ctx) {
    login(ctx, ctx.formParam("key"));
  }

  private void login(Context ctx, String key) {
    long now = System.currentTimeMillis();
    String address = ctx.ip();
    if (!limiter.allowed(address, now)) {
      throw dev.vane.server.ApiException.of(
          dev.vane.server.ErrorCode.RATE_LIMITED,
          "too many failed logins from this address: wait a minute and try again");
    }
    Optional<User> user = authenticator.byKey(key);
    if (user.isEmpty()) {
      limiter.failed(address, now);
      ctx.redirect("/login?failed=1", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    String session = authenticator.startSession(user.get());
    ctx.header(
        "Set-Cookie",
        Authenticator.SESSION_COOKIE
            + "="
            + session
            + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
            + Authenticator.SESSION_MILLIS / 1000);
    ctx.redirect(safeNext(ctx.queryParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Only a path of this site: never an open redirect to another. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/";
    }
    return next;
  }

  private void logout(Context ctx) {
    authenticator.endSession(ctx.cookie(Authenticator.SESSION_COOKIE));
    ctx.header(
        "Set-Cookie",
        Authenticator.SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Who the UI is logged in as, and the entities they may see. */
  private void viewer(Context ctx) {
    User user = new AccessGuard(authenticator).user(ctx);
    java.util.List<TeamMember> teams = authenticator.teamsOf(user);
    java.util.List<String> entities = new java.util.ArrayList<>();
    entities.add(user.name());
    teams.forEach(t -> entities.add(t.team()));
    ApiJson.send(
        ctx,
        Map.of(
            "user", user.name(),
            "admin", user.admin(),
            "entities", entities,
            "teams",
                teams.stream().map(t -> Map.of("name", t.team(), "role", t.role().code())).toList()));
  }

  private void page(Context ctx) {
    if (ctx.path().startsWith("/api/") || ctx.path().equals("/api")) {
      // Unknown API paths stay JSON 404s, not pages (so "api" cannot be an entity of the UI).
      throw dev.vane.server.ApiException.notFound("route GET " + ctx.path());
    }
    if (authenticator.session(ctx.cookie(Authenticator.SESSION_COOKIE)).isEmpty()) {
      String next = URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8);
      ctx.redirect("/login?next=" + next, io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    sendShell(ctx, "index.html", 200);
  }

  private void sendShell(Context ctx, String name, int status) {
    ctx.status(status);
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(resource("ui/" + name));
  }

  private void asset(Context ctx) {
    String path = ctx.pathParam("path");
    String resource = LIBRARIES.get(path);
    if (resource == null) {
      if (!path.matches("[a-z0-9-]+\\.(js|css|svg)")) {
        throw dev.vane.server.ApiException.notFound("file /ui/v1/" + path);
      }
      resource = "ui/" + path;
    }
    byte[] body = resource(resource);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(
        path.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : path.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml");
    ctx.result(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = UiRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw dev.vane.server.ApiException.notFound("file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
