package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.internal.RunLauncher;
import dev.vane.internal.Settings;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.log.Frame;
import dev.vane.protocol.log.RunLogReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A run directory on a file system other than the default one ({@link RunOptions#dir()} takes any
 * {@link Path}), as the full-disk suite uses: every file of the run, the resume file included, is
 * reached through {@link Files}, never {@code Path.toFile()}.
 */
class OtherFileSystemTest {
  @Test
  void anOfflineRunWithAutoResumeWorksOnAnotherFileSystem() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = Files.createDirectories(fs.getPath("/work"));
      ByteArrayOutputStream terminal = new ByteArrayOutputStream();
      Run run = RunLauncher.start(RunOptions.builder().dir(root).mode("offline").resume("auto")
          .console("off").disableCapture("metadata").build(), Settings.load(Map.of(), null),
          new PrintStream(terminal, true, StandardCharsets.UTF_8));
      for (int i = 0; i < 3; i++) {
        run.log(Map.of("loss", 1.0 / (i + 1)));
      }
      run.finish(1); // not a clean end: the resume file stays for the next start
      String text = terminal.toString(StandardCharsets.UTF_8);
      assertFalse(text.contains("cannot write") || text.contains("cannot read"), text);
      try (Stream<Path> s = Files.walk(root)) {
        assertTrue(s.anyMatch(p -> p.getFileName() != null
            && p.getFileName().toString().equals("vane-resume.json")), "resume file written");
      }
      Path log;
      try (Stream<Path> s = Files.list(run.dir())) {
        log = s.filter(p -> p.toString().endsWith(".vane")).findFirst().orElseThrow();
      }
      int rows = 0;
      try (RunLogReader r = RunLogReader.open(log)) {
        for (Frame f; (f = r.next()) != null; ) {
          rows += f.decode() instanceof HistoryRow ? 1 : 0;
        }
        assertTrue(r.end().isClean(), r.end().toString());
      }
      assertEquals(3, rows);
    }
  }
}
