package dev.vane.server.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names runs {@code adjective-noun-N} (earnest-sunset-1, jolly-haze-4), N being the project's run
 * counter. The words come from {@code adjectives.txt} and {@code nouns.txt} next to this class;
 * every word is lower-case a-z, so names match {@code ^[a-z]+-[a-z]+-[0-9]+$}.
 */
public final class RunNameGenerator {
  private static final Pattern WORD = Pattern.compile("[a-z]+");

  private final List<String> adjectives;
  private final List<String> nouns;
  private final SecureRandom random = new SecureRandom();

  /** Loads the bundled word lists. */
  public RunNameGenerator() {
    this.adjectives = words("adjectives.txt");
    this.nouns = words("nouns.txt");
  }

  /** A name for the project's {@code n}th run. */
  public String name(long n) {
    return adjectives.get(random.nextInt(adjectives.size()))
        + "-"
        + nouns.get(random.nextInt(nouns.size()))
        + "-"
        + n;
  }

  /** Number of adjectives (for tests of the list size). */
  int adjectiveCount() {
    return adjectives.size();
  }

  /** Number of nouns (for tests of the list size). */
  int nounCount() {
    return nouns.size();
  }

  private static List<String> words(String resource) {
    try (InputStream in = RunNameGenerator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing word list " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> words =
          r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      for (String w : words) {
        if (!WORD.matcher(w).matches()) {
          throw new IllegalStateException("word list " + resource + " has a bad word: " + w);
        }
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read word list " + resource, e);
    }
  }
}
