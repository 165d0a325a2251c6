package dev.vane.cli.programs;

import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Vane;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs 100 keys x 100,000 steps (10 M points) whose values are a function of key and step, with
 * one spike, and finishes (waiting for every acknowledgement). Arguments: PROJECT ID.
 */
public final class TenMillionPoints {
  public static final int KEYS = 100;
  public static final int STEPS = 100_000;
  public static final int SPIKE_STEP = 54_321;

  private TenMillionPoints() {}

  /** The value of key {@code k} at {@code step}. */
  public static double value(int k, long step) {
    if (k == 0 && step == SPIKE_STEP) {
      return 1e6;
    }
    return Math.exp(-step / 30_000.0) * (k + 1) + ((step * 7919 + k * 104729) % 1000) / 1e5;
  }

  public static void main(String[] args) {
    String[] names = new String[KEYS];
    for (int k = 0; k < KEYS; k++) {
      names[k] = "k" + k;
    }
    try (Run run = Vane.init(RunOptions.builder().project(args[0]).id(args[1])
        .finishTimeout(Duration.ofMinutes(10)).build())) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (long step = 0; step < STEPS; step++) {
        for (int k = 0; k < KEYS; k++) {
          row.put(names[k], value(k, step));
        }
        run.log(row);
      }
    }
  }
}
