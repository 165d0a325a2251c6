package dev.vane.cli.programs;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Saves files with each policy in the working directory: {@code live.txt} (live, rewritten during
 * the run), {@code now.txt} (now, changed after the save), {@code end.txt} (end), {@code
 * data/*.csv} (a glob, now, relative to the working directory) and {@code big.bin} (12 MB, end).
 * Online, it waits until the server has the second version of {@code live.txt} and prints {@code
 * LIVE_SEEN}. Prints {@code RUN path}. Arguments: PROJECT.
 */
public final class SavingProgram {
  private SavingProgram() {}

  public static void main(String[] args) throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Run run = Vane.init(RunOptions.builder().project(args[0]).build());
    System.out.println("RUN " + run.path());
    System.out.flush();
    Path live = Files.writeString(here.resolve("live.txt"), "version 1\n");
    run.save(live);
    Path now = Files.writeString(here.resolve("now.txt"), "saved now\n");
    run.save(now, "now");
    Files.writeString(now, "changed after the save\n");
    run.save(Files.writeString(here.resolve("end.txt"), "first\n"), "end");
    Files.createDirectories(here.resolve("data"));
    for (String n : new String[] {"a", "b", "c"}) {
      Files.writeString(here.resolve("data/" + n + ".csv"), "x,y\n1," + n + "\n");
    }
    run.save("data/*.csv", here, "now");
    byte[] big = new byte[12 * 1000 * 1000];
    new Random(7).nextBytes(big);
    run.save(Files.write(here.resolve("big.bin"), big), "end");
    for (int step = 0; step < 5; step++) {
      run.log(java.util.Map.of("loss", 1.0 / (step + 1)));
    }
    Thread.sleep(1100); // a different modification time, even on coarse file systems
    Files.writeString(live, "version 2\n");
    String base = System.getenv("VANE_BASE_URL");
    if (run.url() != null && base != null) {
      waitForLive(run, base, "version 2\n");
    }
    Files.writeString(live, "version 3, the last\n");
    Files.writeString(here.resolve("end.txt"), "final content\n");
    run.finish();
  }

  private static void waitForLive(Run run, String base, String expected) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(
            URI.create(base + "/api/v1/runs/" + run.path() + "/files/live.txt"))
        .header("Authorization", "Bearer " + System.getenv("VANE_API_KEY"))
        .GET().build();
    for (int i = 0; i < 150; i++) {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(
          StandardCharsets.UTF_8));
      if (r.statusCode() == 200 && r.body().equals(expected)) {
        System.out.println("LIVE_SEEN");
        System.out.flush();
        return;
      }
      Thread.sleep(100);
    }
  }
}
