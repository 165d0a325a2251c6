package dev.vane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vane} command: the entry point of {@code cli/target/vane.jar}. */
@Command(
    name = "vane",
    mixinStandardHelpOptions = true,
    versionProvider = VaneCommand.Version.class,
    description = "Vane: experiment tracking for the JVM.",
    subcommands = {
      ServerCommand.class,
      SyncCommand.class,
      LoginCommand.class,
      KeyCommand.class,
      UserCommand.class,
      TeamCommand.class,
      LogCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VaneCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests and {@link #main}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new VaneCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    // A failing command prints one line naming the problem, not a stack trace.
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("vane: error: " + (e.getMessage() != null ? e.getMessage() : e));
      commandLine.getErr().flush();
      return 1;
    });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The version of this build, from the jar's resources. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = VaneCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  /** Supplies {@code vane --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vane " + version()};
    }
  }
}
