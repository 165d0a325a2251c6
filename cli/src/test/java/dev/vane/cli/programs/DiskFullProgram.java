package dev.vane.cli.programs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training program whose run directory is on a 512 KiB disk (Jimfs) that fills up after some
 * hundreds of rows: it logs 4,000 rows of 20 keys, finishes, prints its run path and ends
 * normally. Arguments: PROJECT.
 */
public final class DiskFullProgram {
  private DiskFullProgram() {}

  public static void main(String[] args) throws Exception {
    try (FileSystem disk = Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setMaxSize(512 << 10).build())) {
      Path root = Files.createDirectories(disk.getPath("/train"));
      var run = Vane.init(RunOptions.builder().dir(root).project(args[0]).console("off")
          .systemSampleInterval(Duration.ZERO).disableCapture("metadata").build());
      Map<String, Object> values = new LinkedHashMap<>();
      for (int step = 0; step < 4000; step++) {
        for (int k = 0; k < 20; k++) {
          values.put("k" + k, step + (k + 1) / 7.0);
        }
        run.log(values);
        if (step % 50 == 0) {
          Thread.sleep(5); // a training step's pace
        }
      }
      run.finish();
      System.out.println("RUN " + run.path());
    }
  }
}
