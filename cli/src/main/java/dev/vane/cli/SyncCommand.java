package dev.vane.cli;

import dev.vane.internal.Settings;
import dev.vane.internal.sync.RunLogUploader;
import dev.vane.internal.sync.SyncReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vane sync PATH...}: uploads runs recorded offline or not fully uploaded. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Upload offline runs, or runs whose upload did not finish, to the configured server.")
final class SyncCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Run folders (vane/offline-run-...) or their run-ID.vane files.")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    RunLogUploader uploader = new RunLogUploader(Settings.load(), err);
    int failed = 0;
    for (Path path : paths) {
      try {
        SyncReport report = uploader.sync(path);
        if (!report.complete()) {
          err.println("vane: error: " + path + " not fully synced: " + report.error());
          failed++;
        }
      } catch (IOException | RuntimeException e) {
        err.println("vane: error: cannot sync " + path + ": " + e.getMessage());
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
