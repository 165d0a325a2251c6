package dev.vane.server.ingest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunNameGeneratorTest {

  @Test
  void listsAreLargeAndNamesMatchThePattern() {
    RunNameGenerator g = new RunNameGenerator();
    assertTrue(g.adjectiveCount() >= 200, "adjectives: " + g.adjectiveCount());
    assertTrue(g.nounCount() >= 200, "nouns: " + g.nounCount());
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= 200; i++) {
      String name = g.name(i);
      assertTrue(name.matches("^[a-z]+-[a-z]+-" + i + "$"), name);
      seen.add(name.substring(0, name.lastIndexOf('-')));
    }
    assertTrue(seen.size() > 150, "names vary: " + seen.size() + " distinct of 200");
  }
}
