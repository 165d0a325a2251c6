package dev.vane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vane user create|list}: server admins manage users. */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = "Create and list users (server admins).",
    subcommands = {UserCommand.Create.class, UserCommand.List.class})
final class UserCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code vane user create NAME}: prints the new user's first key once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a user and print their first API key (shown only this once).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The user name (also their entity's name).")
    String name;

    @Option(names = "--admin", description = "Make the user a server admin.")
    boolean admin;

    @Override
    public Integer call() throws Exception {
      JsonNode user =
          ServerClient.fromSettings().post("/api/v1/users", Map.of("name", name, "admin", admin));
      PrintWriter out = spec.commandLine().getOut();
      out.println(user.path("key").asText());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("vane: created user " + name + "; give them the key above (it is not shown again)");
      err.flush();
      return 0;
    }
  }

  /** {@code vane user list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class List implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      JsonNode users = ServerClient.fromSettings().get("/api/v1/users").path("users");
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-24s %-6s %s%n", "NAME", "ADMIN", "CREATED");
      for (JsonNode u : users) {
        out.printf("%-24s %-6s %s%n", u.path("name").asText(),
            u.path("admin").asBoolean() ? "yes" : "no", u.path("createdAt").asText());
      }
      out.flush();
      return 0;
    }
  }
}
