package dev.vane.cli;

import dev.vane.internal.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vane login}: saves the server URL and API key in {@code ~/.vane/settings}. */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Save the server URL and API key in ~/.vane/settings (mode 0600).")
final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = Settings.DEFAULT_BASE_URL,
      description = "Server URL (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--key", required = true, description = "API key.")
  String key;

  @Override
  public Integer call() throws Exception {
    Path file = Settings.defaultFile();
    Settings.writeLogin(file, host, key);
    PrintWriter out = spec.commandLine().getOut();
    out.println("vane: saved " + host + " and the API key in " + file);
    out.flush();
    return 0;
  }
}
