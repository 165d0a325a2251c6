package dev.vane.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines a run prints at start and finish, as W&amp;B prints them (without the {@code vane: }
 * prefix, which {@link Console} adds).
 */
final class TerminalReport {
  private TerminalReport() {}

  /** The start of an online run; without a known entity the URLs are left out. */
  static List<String> startOnline(String name, String projectUrl, String runUrl, Path dir) {
    List<String> lines = new ArrayList<>();
    lines.add("Syncing run " + name);
    if (projectUrl != null) {
      lines.add("⭐️ View project at " + projectUrl);
      lines.add("🚀 View run at " + runUrl);
    } else {
      lines.add("Run data is saved locally in " + display(dir));
    }
    return lines;
  }

  /** The start of an offline run. */
  static List<String> startOffline(Path dir) {
    return List.of(
        "Vane syncing is set to `offline`. Set VANE_MODE=online to sync runs as they go.",
        "Run data is saved locally in " + display(dir));
  }

  /**
   * The history and summary part of the footer: a blank line, {@code Run history:} with one
   * sparkline per numeric metric, a blank line, {@code Run summary:} with aligned key/value lines
   * (keys starting with {@code _} left out; a key's aggregates as {@code key.min} and so on), a
   * blank line. Empty sections are left out.
   */
  static List<String> historyAndSummary(Map<String, String> sparklines,
      Map<String, Object> summary) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    if (!sparklines.isEmpty()) {
      lines.add("Run history:");
      aligned(sparklines, lines);
      lines.add("");
    }
    Map<String, String> shown = new TreeMap<>();
    summary.forEach((k, v) -> {
      if (k.startsWith("_")) {
        return;
      }
      if (v instanceof Map<?, ?> aggregates) {
        // A metric's summary aggregates, one line each: "loss.min 0.03".
        aggregates.forEach((a, x) -> shown.put(k + "." + a, TerminalFormat.value(x)));
      } else {
        shown.put(k, TerminalFormat.value(v));
      }
    });
    if (!shown.isEmpty()) {
      lines.add("Run summary:");
      aligned(shown, lines);
      lines.add("");
    }
    return lines;
  }

  /** {@code Synced N file(s), 0 media file(s), 0 artifact file(s) and 0 other file(s)}. */
  static String synced(int files) {
    return "Synced " + files + " file(s), 0 media file(s), 0 artifact file(s) and 0 other file(s)";
  }

  private static void aligned(Map<String, String> rows, List<String> out) {
    int width = 0;
    for (String k : rows.keySet()) {
      width = Math.max(width, k.length());
    }
    for (Map.Entry<String, String> e : rows.entrySet()) {
      // Right-aligned names, as W&B prints them.
      out.add(" ".repeat(width - e.getKey().length()) + e.getKey() + " " + e.getValue());
    }
  }

  /** A path relative to the working directory when under it, else absolute. */
  static String display(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (abs.startsWith(cwd) && !abs.equals(cwd)) {
      return cwd.relativize(abs).toString();
    }
    return abs.toString();
  }
}
