package dev.vane.cli;

import dev.vane.server.ServerOptions;
import dev.vane.server.VaneServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vane server}: runs the tracking server until the process is stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the tracking server (HTTP API and UI) with its data in SQLite,"
        + " or in PostgreSQL with --db.")
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data", description = "Data folder (default: ~/.vane/server).")
  Path data;

  @Option(names = "--db", paramLabel = "URL",
      description = "PostgreSQL database instead of SQLite, such as jdbc:postgresql://HOST:5432/vane?user=vane&password=... "
          + "Several servers may share one database. Run files stay in the data folder.")
  String db;

  @Option(names = "--crash-after", paramLabel = "DURATION", defaultValue = "5m",
      description = "Mark a running run crashed after this long without a heartbeat, such as 300s, 5m or 90s (default: ${DEFAULT-VALUE}).")
  String crashAfter;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".vane", "server");
    Duration crashTimeout;
    try {
      crashTimeout = ServerOptions.parseDuration(crashAfter);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--crash-after: " + e.getMessage());
    }
    // A bad or unreachable --db fails here with a one-line message; VaneCommand prints it, exit 1.
    VaneServer server =
        VaneServer.start(new ServerOptions(host, port, dataDir, db, crashTimeout));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "vane-server-shutdown"));
    String base = server.baseUrl();
    out.println("vane: server " + VaneCommand.version() + " listening on " + base);
    out.println("vane: data in " + dataDir.toAbsolutePath());
    out.println("vane: database " + server.databaseDescription());
    server.initialAdminKey().ifPresent(key -> {
      Path keyFile = dataDir.resolve("admin-api-key").toAbsolutePath();
      out.println("vane: created user admin; API key written to " + keyFile);
      out.println("vane: log in to the UI at " + base + "/login?token=" + key);
      out.println("vane: point the SDK here with: export VANE_BASE_URL=" + base
          + " VANE_API_KEY=$(cat " + keyFile + ")");
    });
    out.flush();
    stopped.await();
    return 0;
  }
}
