package dev.vane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Run#save}: argument checks, glob matching and placement in an offline run's files. */
class SaveTest {
  @TempDir Path tmp;
  private final TestSupport.Terminal terminal = new TestSupport.Terminal();

  private Run offline() {
    return TestSupport.start(RunOptions.builder().mode("offline").dir(tmp.resolve("runs"))
        .project("p").build(), Map.of(), terminal);
  }

  private static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    for (Run run : List.of(offline(), TestSupport.start(RunOptions.builder().mode("disabled")
        .dir(tmp).build(), Map.of(), terminal))) {
      Path p = tmp.resolve("a.txt");
      assertMessage("path", () -> run.save((Path) null));
      assertMessage("path", () -> run.save(null, "now"));
      assertMessage("policy", () -> run.save(p, "later"));
      assertMessage("policy", () -> run.save(p, null));
      assertMessage("policy", () -> run.save(p, "LIVE"));
      assertMessage("glob", () -> run.save(null, tmp, "now"));
      assertMessage("glob", () -> run.save("  ", tmp, "now"));
      assertMessage("glob", () -> run.save("out/{a,b", tmp, "now"));
      assertMessage("policy", () -> run.save("*.txt", tmp, "sometimes"));
      run.finish();
    }
  }

  private static void assertMessage(String word, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().startsWith(word), e.getMessage());
  }

  @Test
  void aMissingFileIsAWarningNotAnException() {
    Run run = offline();
    run.save(tmp.resolve("nope.bin"), "now");
    run.save(tmp.resolve("missing/*.txt").toString(), null, "end");
    run.finish();
    assertTrue(terminal.text().contains("WARNING save: no file matches"), terminal.text());
  }

  @Test
  void filesArePlacedByNameOrRelativeToTheBaseFolder() throws Exception {
    Path out = tmp.resolve("out");
    Path model = write(out.resolve("model.txt"), "weights v1");
    write(out.resolve("ckpt/a.pt"), "a");
    write(out.resolve("ckpt/b.pt"), "b");
    write(out.resolve("ckpt/deep/c.pt"), "c");
    write(out.resolve("ckpt/notes.md"), "not a checkpoint");
    Path config = write(out.resolve("other/config.json"), "{}");

    Run run = offline();
    run.save(model); // live: a link, so the final content is what is uploaded
    run.save(out.resolve("ckpt/*.pt").toString(), out, "now");
    run.save(out.resolve("ckpt/**.pt").toString(), null, "end");
    run.save(config, "now"); // a name Vane writes itself: refused
    run.save(out.resolve("ckpt/a.pt").toString(), tmp.resolve("elsewhere"), "now"); // outside
    Files.writeString(model, "weights v2");
    Path late = out.resolve("ckpt/deep/late.pt");
    run.finish();

    Path files = run.dir().resolve("files");
    assertEquals("weights v2", Files.readString(files.resolve("model.txt")));
    assertEquals("a", Files.readString(files.resolve("ckpt/a.pt")));
    assertEquals("b", Files.readString(files.resolve("ckpt/b.pt")));
    assertFalse(Files.exists(files.resolve("ckpt/deep/c.pt")), "* does not cross folders");
    assertEquals("c", Files.readString(files.resolve("c.pt")), "** does; no base: file names");
    assertEquals("a", Files.readString(files.resolve("a.pt")));
    assertFalse(Files.exists(files.resolve("notes.md")));
    assertFalse(Files.exists(late));
    assertFalse(Files.readString(files.resolve("config.json")).equals("{}"),
        "the run's own config.json is kept");
    assertTrue(terminal.text().contains("is a name Vane writes itself"), terminal.text());
    assertTrue(terminal.text().contains("is not under the base folder"), terminal.text());
    try (Stream<Path> all = Files.walk(files)) {
      assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary copies left");
    }
  }

  @Test
  void nowCopiesTheContentOfTheMoment() throws Exception {
    Path f = write(tmp.resolve("metrics.csv"), "step,loss\n0,1.0\n");
    Run run = offline();
    run.save(f, "now");
    Files.writeString(f, "changed");
    run.finish();
    Path saved = run.dir().resolve("files/metrics.csv");
    assertFalse(Files.isSymbolicLink(saved));
    assertArrayEquals("step,loss\n0,1.0\n".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(saved));
  }

  @Test
  void endPicksUpAFileThatAppearsBeforeFinish() throws Exception {
    Run run = offline();
    run.save(tmp.resolve("results/*.json").toString(), tmp.resolve("results"), "end");
    write(tmp.resolve("results/final.json"), "{\"acc\":0.9}");
    run.finish();
    assertEquals("{\"acc\":0.9}",
        Files.readString(run.dir().resolve("files/final.json")));
  }
}
