package dev.vane.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code DIR/vane/vane-resume.json}, {@code {"run_id": "ID"}}: the run a program started with
 * {@code resume("auto")} continues when it starts again from the same directory. Written at init,
 * deleted after a clean finish; problems with it are warnings, never errors.
 */
final class ResumeFile {
  static final String NAME = "vane-resume.json";

  private ResumeFile() {}

  /** The file under the runs folder of {@code root}. */
  static Path under(Path root) {
    return RunDirectory.runsRoot(root).resolve(NAME);
  }

  /** The run ID in the file, or {@code null} when there is no file or it holds no valid ID. */
  static String read(Path file, Diagnostics diag) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      // Bytes rather than file.toFile(): the run directory may be on another file system.
      JsonNode id = VaneJson.records().readTree(Files.readAllBytes(file)).path("run_id");
      if (id.isTextual()) {
        Validation.checkId(id.asText());
        return id.asText();
      }
      diag.warn(file + " has no run_id; starting a new run");
    } catch (IOException | IllegalArgumentException e) {
      diag.warn("cannot read " + file + " (" + e.getMessage() + "); starting a new run");
    }
    return null;
  }

  /** Records the run's ID for the next start. */
  static void write(Path file, String id, Diagnostics diag) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(NAME + ".tmp");
      Files.write(tmp, VaneJson.records().writeValueAsBytes(Map.of("run_id", id)));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      diag.warn("cannot write " + file + " (" + e + "); a restart will not resume this run");
    }
  }

  /** Removes the file, if it is there. */
  static void delete(Path file, Diagnostics diag) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      diag.warn("cannot delete " + file + " (" + e + "); the next start resumes this run");
    }
  }
}
