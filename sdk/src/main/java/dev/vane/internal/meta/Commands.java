package dev.vane.internal.meta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command (git, nvidia-smi) for its output, bounded in time and size. */
final class Commands {
  private static final int MAX_OUTPUT = 16 << 20;

  private Commands() {}

  /**
   * The command's standard output, or {@code null} when it cannot start, fails, or takes longer
   * than {@code timeoutMillis}.
   */
  static String output(Path dir, long timeoutMillis, String... command) {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(false);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(p.getInputStream(), out), "vane-command-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return null;
      }
      reader.join(timeoutMillis);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return null;
    }
    if (p.exitValue() != 0) {
      return null;
    }
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (out) {
          if (out.size() + n > MAX_OUTPUT) {
            return; // a diff this large is not worth keeping whole
          }
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // the process went away; what was read stays
    }
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
  }
}
