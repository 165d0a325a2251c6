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

/** {@code vane team create|show|add|remove}: teams and their members' roles. */
@Command(name = "team", mixinStandardHelpOptions = true,
    description = "Create teams and manage their members (admin, member, viewer).",
    subcommands = {TeamCommand.Create.class, TeamCommand.Show.class, TeamCommand.Add.class,
        TeamCommand.Remove.class})
final class TeamCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  static void print(PrintWriter out, JsonNode team) {
    out.println("team " + team.path("name").asText());
    for (JsonNode m : team.path("members")) {
      out.printf("  %-24s %s%n", m.path("user").asText(), m.path("role").asText());
    }
    out.flush();
  }

  /** {@code vane team create NAME}: you become its admin. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a team; you become its admin.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TEAM") String team;

    @Override
    public Integer call() throws Exception {
      print(spec.commandLine().getOut(),
          ServerClient.fromSettings().post("/api/v1/teams", Map.of("name", team)));
      return 0;
    }
  }

  /** {@code vane team show TEAM}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "List a team's members.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TEAM") String team;

    @Override
    public Integer call() throws Exception {
      print(spec.commandLine().getOut(), ServerClient.fromSettings().get("/api/v1/teams/" + team));
      return 0;
    }
  }

  /** {@code vane team add TEAM USER --role R}: adds a member or changes a role. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user to a team, or change their role (team admins).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEAM") String team;

    @Parameters(index = "1", paramLabel = "USER") String user;

    @Option(names = "--role", defaultValue = "member",
        description = "admin, member or viewer (default: ${DEFAULT-VALUE}).")
    String role;

    @Override
    public Integer call() throws Exception {
      print(spec.commandLine().getOut(), ServerClient.fromSettings()
          .put("/api/v1/teams/" + team + "/members/" + user, Map.of("role", role)));
      return 0;
    }
  }

  /** {@code vane team remove TEAM USER}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a user from a team (team admins).")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEAM") String team;

    @Parameters(index = "1", paramLabel = "USER") String user;

    @Override
    public Integer call() throws Exception {
      print(spec.commandLine().getOut(),
          ServerClient.fromSettings().delete("/api/v1/teams/" + team + "/members/" + user));
      return 0;
    }
  }
}
