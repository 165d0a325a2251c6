package dev.vane.cli.programs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The history row a fault-suite program logs at step {@code i}: every value a fixed function of
 * the step, so a test can check a row on the server for exactness from its step alone.
 */
public final class TrainingRows {
  /** The keys of a row, besides the SDK's {@code _step}, {@code _runtime}, {@code _timestamp}. */
  public static final String[] KEYS = {"i", "loss", "wave", "big"};

  private TrainingRows() {}

  /** The values logged at step {@code i}: an integer and three doubles with long fractions. */
  public static Map<String, Object> row(long i) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("i", i);
    row.put("loss", 1.0 / (i + 1));
    row.put("wave", Math.sin(i * 0.37));
    row.put("big", i * 1.0e12 + 1.0 / 3);
    return row;
  }
}
