package dev.vane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vane key create|list|revoke}: the signed-in user's API keys. */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = "Create, list and revoke your API keys.",
    subcommands = {KeyCommand.Create.class, KeyCommand.List.class, KeyCommand.Revoke.class})
final class KeyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code vane key create}: prints a new key once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create an API key and print it (it is shown only this once).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--description", description = "A label to tell the key apart, e.g. laptop.")
    String description;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      if (description != null) {
        body.put("description", description);
      }
      JsonNode key = ServerClient.fromSettings().post("/api/v1/keys", body);
      PrintWriter out = spec.commandLine().getOut();
      out.println(key.path("key").asText());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println("vane: created key " + key.path("id").asLong()
          + "; it is not shown again: store it now");
      err.flush();
      return 0;
    }
  }

  /** {@code vane key list}: id, prefix, created, description. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List your API keys (their first characters, never the keys).")
  static final class List implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      JsonNode keys = ServerClient.fromSettings().get("/api/v1/keys").path("keys");
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-6s %-8s %-24s %s%n", "ID", "PREFIX", "CREATED", "DESCRIPTION");
      for (JsonNode k : keys) {
        out.printf("%-6d %-8s %-24s %s%n", k.path("id").asLong(),
            k.path("prefix").isNull() ? "-" : k.path("prefix").asText() + "...",
            k.path("createdAt").asText(), k.path("description").asText(""));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vane key revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke one of your API keys by its ID (see vane key list).")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's ID.")
    long id;

    @Override
    public Integer call() throws Exception {
      ServerClient.fromSettings().delete("/api/v1/keys/" + id);
      PrintWriter out = spec.commandLine().getOut();
      out.println("vane: revoked key " + id);
      out.flush();
      return 0;
    }
  }
}
