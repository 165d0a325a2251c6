package dev.vane.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Glob splitting, matching and naming of saved files. */
class SavedFilesTest {
  @TempDir Path tmp;
  private final Diagnostics diag =
      new Diagnostics(new Console(new PrintStream(new ByteArrayOutputStream()), true));

  @Test
  void splitsAtTheFirstPartWithAWildcard() {
    assertArrayEquals(new String[] {"out/ckpt", "*.pt"}, SavedFiles.split("out/ckpt/*.pt"));
    assertArrayEquals(new String[] {"out", "**/x?.{a,b}"}, SavedFiles.split("out/**/x?.{a,b}"));
    assertArrayEquals(new String[] {".", "*.txt"}, SavedFiles.split("*.txt"));
    assertArrayEquals(new String[] {"/", "*.txt"}, SavedFiles.split("/*.txt"));
    assertArrayEquals(new String[] {"a/b.txt", ""}, SavedFiles.split("a/b.txt"));
    assertArrayEquals(new String[] {"a", "[ab].txt"}, SavedFiles.split("a/[ab].txt"));
  }

  @Test
  void matchesRelativeToTheGlobsFolder() throws Exception {
    for (String f : List.of("a.txt", "b.txt", "c.csv", "sub/d.txt", "sub/deeper/e.txt")) {
      Files.createDirectories(tmp.resolve(f).getParent());
      Files.writeString(tmp.resolve(f), f);
    }
    assertEquals(List.of("a.txt", "b.txt"), names("*.txt", tmp));
    assertEquals(List.of("a.txt", "b.txt", "sub/d.txt", "sub/deeper/e.txt"), names("**.txt", tmp));
    assertEquals(List.of("sub/d.txt", "sub/deeper/e.txt"), names("**/*.txt", tmp));
    assertEquals(List.of("a.txt", "c.csv"), names("{a.txt,*.csv}", tmp));
    assertEquals(List.of("d.txt", "e.txt"), names("sub/**.txt", null));
  }

  private List<String> names(String rest, Path base) {
    String[] parts = SavedFiles.split(tmp + "/" + rest);
    Map<String, Path> m = SavedFiles.matches(Path.of(parts[0]),
        FileSystems.getDefault().getPathMatcher("glob:" + parts[1]), null, base, diag);
    return m.keySet().stream().sorted().toList();
  }

  @Test
  void namesNeverLeaveTheFilesFolder() {
    assertEquals("x.bin", SavedFiles.name(tmp.resolve("a/x.bin"), null, diag));
    assertEquals("a/x.bin", SavedFiles.name(tmp.resolve("a/x.bin"), tmp, diag));
    assertNull(SavedFiles.name(tmp.resolve("x.bin"), tmp.resolve("a"), diag));
    assertNull(SavedFiles.name(Path.of("/etc/passwd"), tmp, diag));
    assertNull(SavedFiles.name(tmp.resolve("config.json"), tmp, diag));
    assertEquals("sub/config.json", SavedFiles.name(tmp.resolve("sub/config.json"), tmp, diag));
  }
}
