package dev.vane.internal.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads GPU metrics by running {@code nvidia-smi --query-gpu=...}. The first failure (no such
 * binary, a non-zero exit, no answer within the timeout, output without a GPU) turns it off for
 * the rest of the run: a machine without a GPU gets no GPU keys and pays for one failed start.
 * Not thread-safe; the sampler thread alone uses it.
 */
final class NvidiaSmi implements Probe {
  /** The command the sampler runs. */
  static final List<String> COMMAND = List.of("nvidia-smi",
      "--query-gpu=" + String.join(",", NvidiaSmiParser.QUERY_FIELDS),
      "--format=csv,noheader,nounits");
  private static final long TIMEOUT_MILLIS = 5000;

  private final List<String> command;
  private final long timeoutMillis;
  private boolean off;

  NvidiaSmi() {
    this(COMMAND, TIMEOUT_MILLIS);
  }

  /** For tests: another command standing in for nvidia-smi. */
  NvidiaSmi(List<String> command, long timeoutMillis) {
    this.command = command;
    this.timeoutMillis = timeoutMillis;
  }

  /** Whether an earlier failure turned GPU sampling off. */
  boolean off() {
    return off;
  }

  @Override
  public void sample(Map<String, Object> into) throws IOException, InterruptedException {
    if (off) {
      return;
    }
    String out;
    try {
      out = run();
    } catch (IOException | RuntimeException e) {
      off = true;
      throw e;
    }
    Map<String, Object> gpus = NvidiaSmiParser.parseQueryCsv(out);
    if (gpus.isEmpty()) {
      off = true;
      throw new IOException("nvidia-smi reported no GPU: " + abbreviate(out));
    }
    into.putAll(gpus);
  }

  private String run() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    try {
      // The output is a line per GPU, far below the pipe's buffer, so reading after the exit
      // cannot dead-lock; a hung driver is what the timeout is for.
      if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new IOException("nvidia-smi did not answer within " + timeoutMillis + " ms");
      }
      String out = readAll(p.getInputStream());
      if (p.exitValue() != 0) {
        throw new IOException("nvidia-smi exited with " + p.exitValue() + ": " + abbreviate(out));
      }
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    in.transferTo(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "...";
  }
}
