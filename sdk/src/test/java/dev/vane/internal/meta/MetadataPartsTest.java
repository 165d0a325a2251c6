package dev.vane.internal.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.RunOptions;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataPartsTest {
  @TempDir Path tmp;

  @Test
  void remoteUrlsLoseTheirCredentials() {
    assertEquals("https://git.example.com/a/b.git",
        GitInfo.withoutCredentials("https://user:token@git.example.com/a/b.git"));
    assertEquals("https://git.example.com:8443/a/b.git",
        GitInfo.withoutCredentials("https://token@git.example.com:8443/a/b.git"));
    assertEquals("git@github.com:a/b.git", GitInfo.withoutCredentials("git@github.com:a/b.git"));
    assertEquals("https://github.com/a/b", GitInfo.withoutCredentials("https://github.com/a/b"));
  }

  @Test
  void gpusParseFromTheNvidiaSmiQuery() {
    List<Map<String, Object>> gpus = Hardware.gpus("NVIDIA H200, 143771\nNVIDIA H200, [N/A]\n\n");
    assertEquals(2, gpus.size());
    assertEquals("NVIDIA H200", gpus.get(0).get("name"));
    assertEquals(143771L, gpus.get(0).get("memoryTotalMiB"));
    assertEquals(Map.of("name", "NVIDIA H200"), gpus.get(1));
    assertTrue(Hardware.gpus(null).isEmpty(), "no nvidia-smi, no GPUs");
    assertTrue(Hardware.gpus("garbage").isEmpty());
  }

  @Test
  void requirementsNameEachLibraryOfTheClasspath() throws Exception {
    Path maven = tmp.resolve("lib-1.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(maven))) {
      pom(out, "org.example", "lib", "1.2.3");
      pom(out, "org.example", "shaded-inside", "4.5");
    }
    Path manifestOnly = tmp.resolve("m.jar");
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(new Attributes.Name("Bundle-SymbolicName"), "org.m; singleton:=true");
    mf.getMainAttributes().put(new Attributes.Name("Bundle-Version"), "7.0");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(manifestOnly), mf)) {
      out.flush();
    }
    Path bare = tmp.resolve("bare.jar");
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(bare))) {
      out.flush();
    }
    String cp = String.join(File.pathSeparator, maven.toString(), manifestOnly.toString(),
        bare.toString(), tmp.toString(), tmp.resolve("missing.jar").toString());
    assertEquals("bare.jar\norg.example:lib==1.2.3\norg.example:shaded-inside==4.5\norg.m==7.0\n",
        Requirements.of(cp));
    assertEquals("", Requirements.of(""));
  }

  private static void pom(JarOutputStream out, String g, String a, String v) throws Exception {
    out.putNextEntry(new JarEntry("META-INF/maven/" + g + "/" + a + "/pom.properties"));
    out.write(("groupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n").getBytes());
    out.closeEntry();
  }

  @Test
  void commandsThatFailOrHangGiveNothing() {
    assertNull(Commands.output(tmp, 2_000, "no-such-command-vane"));
    assertNull(Commands.output(tmp, 2_000, "git", "no-such-subcommand"));
    long start = System.nanoTime();
    assertNull(Commands.output(tmp, 300, "sleep", "5"));
    assertTrue(System.nanoTime() - start < 3_000_000_000L, "bounded by the timeout");
  }

  @Test
  void gitOutsideACheckoutIsEmpty() {
    GitInfo g = GitInfo.of(tmp, true);
    assertTrue(g.fields().isEmpty());
    assertNull(g.diff());
  }

  @Test
  void capturePartsAreChecked() {
    assertEquals(java.util.Set.of("git", "diff"),
        RunOptions.builder().disableCapture("git", " diff").build().disabledCaptures());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunOptions.builder().disableCapture("gpu").build());
    assertTrue(e.getMessage().startsWith("disableCapture"), e.getMessage());
  }
}
