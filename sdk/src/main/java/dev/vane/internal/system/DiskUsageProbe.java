package dev.vane.internal.system;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How full the disk holding the run directory is: that is the disk a long run fills with its log
 * and files. W&B reports the same for {@code /} as {@code disk./.usagePercent}; the path is left
 * out of the key here so that charts of runs on different machines line up.
 */
final class DiskUsageProbe implements Probe {
  private static final double GB = 1024.0 * 1024.0 * 1024.0;

  private final Path dir;

  DiskUsageProbe(Path dir) {
    this.dir = dir;
  }

  @Override
  public void sample(Map<String, Object> into) throws IOException {
    FileStore store = Files.getFileStore(dir);
    long total = store.getTotalSpace();
    long used = total - store.getUnallocatedSpace();
    if (total > 0) {
      into.put("system.disk.usagePercent", 100.0 * used / total);
      into.put("system.disk.usageGB", used / GB);
    }
  }
}
