package dev.vane.server;

import dev.vane.server.auth.AdminSetup;
import dev.vane.server.auth.Authenticator;
import dev.vane.server.http.ApiServer;
import dev.vane.server.ingest.RecordIngester;
import dev.vane.server.ingest.RunNameGenerator;
import dev.vane.server.ingest.RunUpsert;
import dev.vane.server.store.Database;
import dev.vane.server.store.RunFolders;
import dev.vane.server.store.postgres.PostgresDatabase;
import dev.vane.server.store.postgres.PostgresUrl;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Vane server: the HTTP API over a data folder.
 *
 * <pre>{@code
 * try (VaneServer server = VaneServer.start(new ServerOptions("127.0.0.1", 8080, dataDir))) {
 *   server.initialAdminKey().ifPresent(key -> System.out.println("admin key: " + key));
 *   System.out.println("listening on " + server.baseUrl());
 *   ...
 * }
 * }</pre>
 *
 * <p>The data folder holds {@code vane.db} (SQLite, WAL mode; unless {@link
 * ServerOptions#databaseUrl()} names PostgreSQL), {@code files/} (run files) and, after the first
 * start, {@code admin-api-key} (the admin's key, mode 0600). The server logs little: one line at
 * start, warnings and the stack traces of internal errors; no request log.
 *
 * <p>The server keeps no state of its own between requests: on PostgreSQL, several servers may
 * serve one database at once.
 */
public final class VaneServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaneServer.class);

  private final Database database;
  private final ApiServer api;
  private final HeartbeatMonitor monitor;
  private final String baseUrl;
  private final String initialAdminKey;
  private final String databaseDescription;

  private VaneServer(
      Database database,
      ApiServer api,
      HeartbeatMonitor monitor,
      String baseUrl,
      String initialAdminKey,
      String databaseDescription) {
    this.database = database;
    this.api = api;
    this.monitor = monitor;
    this.baseUrl = baseUrl;
    this.initialAdminKey = initialAdminKey;
    this.databaseDescription = databaseDescription;
  }

  /**
   * Opens the data folder (creating it, the database and, when there are no users yet, the admin)
   * and starts serving.
   *
   * @throws UncheckedIOException when the data folder cannot be created or written
   * @throws dev.vane.server.store.DatabaseUnavailableException when the PostgreSQL URL is malformed
   *     or the database cannot be reached (the message is one line, fit to show as it is)
   * @throws RuntimeException when the port cannot be bound (the data folder is closed again)
   */
  public static VaneServer start(ServerOptions options) {
    QuietLogging.apply();
    Path data = options.dataDir().toAbsolutePath().normalize();
    Database database = null;
    try {
      createOwnerOnlyFolder(data);
      Files.createDirectories(data.resolve("files"));
      Files.createDirectories(data.resolve("tmp"));
      database = openDatabase(options, data);
      Authenticator authenticator = new Authenticator(database);
      RunFolders folders = new RunFolders(data.resolve("files"), data.resolve("tmp"));
      folders.clearStaging();
      ApiServer api =
          ApiServer.start(
              options.host(),
              options.port(),
              database,
              authenticator,
              new RunUpsert(database, new RunNameGenerator()),
              new RecordIngester(database),
              folders);
      // The admin comes after the port is bound: a start that fails on a busy port creates no key
      // that nobody was shown. Requests before this line simply get 401.
      Optional<String> adminKey;
      try {
        adminKey = AdminSetup.ensureAdmin(database, data);
      } catch (IOException | RuntimeException e) {
        api.stop();
        throw e;
      }
      String baseUrl = "http://" + urlHost(options.host()) + ":" + api.port();
      String described = describeDatabase(options, data);
      HeartbeatMonitor monitor =
          new HeartbeatMonitor(database, options.crashAfter(), Clock.systemUTC());
      monitor.start();
      LOG.info("Vane server listening on {} (data in {}, database {})", baseUrl, data, described);
      return new VaneServer(database, api, monitor, baseUrl, adminKey.orElse(null), described);
    } catch (IOException e) {
      closeQuietly(database);
      throw new UncheckedIOException("cannot open the data folder " + data, e);
    } catch (RuntimeException | Error e) {
      closeQuietly(database);
      throw e;
    }
  }

  /** The port the server listens on (the chosen one when the options asked for port 0). */
  public int port() {
    return api.port();
  }

  /** Every route the server answers, with its access rule. */
  public java.util.List<ApiServer.RouteRule> routes() {
    return api.routes();
  }

  /**
   * The URL clients use, such as {@code http://127.0.0.1:8080}. A server bound to every address
   * ({@code 0.0.0.0}, {@code ::}) is reached here through {@code 127.0.0.1}.
   */
  public String baseUrl() {
    return baseUrl;
  }

  /** The admin's API key, present only when this start created the admin (first start). */
  public Optional<String> initialAdminKey() {
    return Optional.ofNullable(initialAdminKey);
  }

  /**
   * The database in words, without secrets: {@code SQLite /data/vane.db} or {@code PostgreSQL
   * host:5432/vane}.
   */
  public String databaseDescription() {
    return databaseDescription;
  }

  /** Stops serving and the crash sweeps, and closes the database. */
  @Override
  public void close() {
    try {
      monitor.close();
      api.stop();
    } finally {
      database.close();
    }
  }

  /** The one place that picks the backend: PostgreSQL when a URL is given, else SQLite. */
  private static Database openDatabase(ServerOptions options, Path data) {
    return options.databaseUrl() == null
        ? SqliteDatabase.open(data.resolve("vane.db"))
        : PostgresDatabase.open(options.databaseUrl());
  }

  private static String describeDatabase(ServerOptions options, Path data) {
    return options.databaseUrl() == null
        ? "SQLite " + data.resolve("vane.db")
        : "PostgreSQL " + PostgresUrl.parse(options.databaseUrl()).description();
  }

  private static void createOwnerOnlyFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      // The folder holds the admin key and everyone's runs: keep it private from the start.
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  private static String urlHost(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        return "127.0.0.1";
      }
    } catch (UnknownHostException e) {
      return host; // a name that does not resolve here; Jetty will have said so already
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static void closeQuietly(Database database) {
    if (database != null) {
      database.close();
    }
  }
}
