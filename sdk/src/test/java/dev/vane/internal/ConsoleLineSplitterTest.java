package dev.vane.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleLineSplitterTest {
  private final List<String> lines = new ArrayList<>();
  private final ConsoleLineSplitter splitter =
      new ConsoleLineSplitter("stdout", StandardCharsets.UTF_8, (stream, text) -> {
        assertEquals("stdout", stream);
        lines.add(text);
      });

  private void print(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    splitter.write(b, 0, b.length);
  }

  @Test
  void newlinesEndLines() {
    print("one\ntwo\n\nthree");
    assertEquals(List.of("one", "two", ""), lines);
    print(" and more\n");
    assertEquals(List.of("one", "two", "", "three and more"), lines);
  }

  @Test
  void carriageReturnNewlineIsOneNewlineEvenAcrossWrites() {
    print("windows\r\nline\r");
    print("\nnext\r\n");
    assertEquals(List.of("windows", "line", "next"), lines);
  }

  @Test
  void aProgressBarKeepsItsLastState() {
    for (int i = 0; i <= 100; i += 10) {
      print("\r" + i + "%|" + "#".repeat(i / 10));
    }
    print("\n");
    print("epoch 1  10%\repoch 1  50%\repoch 1 100%\r\n");
    assertEquals(List.of("100%|##########", "epoch 1 100%"), lines);
  }

  @Test
  void ansiSequencesAreKeptVerbatim() {
    print("\u001b[31mred\u001b[0m and \u001b[1;32mbold green\u001b[0m\n");
    assertEquals(List.of("\u001b[31mred\u001b[0m and \u001b[1;32mbold green\u001b[0m"), lines);
  }

  @Test
  void byteByByteWritesGiveTheSameLines() {
    for (byte b : "a\rb\r\nc\n\u00e9t\u00e9 \u2713\n".getBytes(StandardCharsets.UTF_8)) {
      splitter.write(b);
    }
    assertEquals(List.of("b", "c", "\u00e9t\u00e9 \u2713"), lines);
  }

  @Test
  void anUnfinishedLineIsFlushedAtTheEnd() {
    print("done\nprompt> ");
    assertEquals(List.of("done"), lines);
    splitter.flush();
    assertEquals(List.of("done", "prompt> "), lines);
    splitter.flush();
    assertEquals(2, lines.size(), "nothing left to flush");
  }

  @Test
  void aBarEndingInCarriageReturnKeepsItsLastStateAtTheEnd() {
    print("10%\r20%\r");
    splitter.flush();
    assertEquals(List.of("20%"), lines);
  }

  @Test
  void idleFlushTakesPromptsButNotProgressBars() throws Exception {
    print("waiting for input");
    splitter.flushIfIdle(Long.MAX_VALUE);
    assertEquals(List.of(), lines, "not idle yet");
    Thread.sleep(5);
    splitter.flushIfIdle(1);
    assertEquals(List.of("waiting for input"), lines);

    print("\r 10%");
    Thread.sleep(5);
    splitter.flushIfIdle(1);
    print("50%\r");
    Thread.sleep(5);
    splitter.flushIfIdle(1);
    assertEquals(1, lines.size(), "a bar being redrawn waits for its end");
    print("\n");
    assertEquals(List.of("waiting for input", " 10%50%"), lines);
  }

  @Test
  void aVeryLongLineIsCutWithoutSplittingCharacters() {
    String s = "\u00e9".repeat(ConsoleLineSplitter.MAX_LINE_BYTES); // two bytes each
    print(s + "\n");
    assertTrue(lines.size() >= 2, "cut into pieces");
    assertEquals(s, String.join("", lines));
    for (String piece : lines) {
      assertTrue(piece.getBytes(StandardCharsets.UTF_8).length
          <= ConsoleLineSplitter.MAX_LINE_BYTES);
    }
  }
}
