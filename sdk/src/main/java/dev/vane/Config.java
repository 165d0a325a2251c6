package dev.vane;

import java.util.Map;

/**
 * A run's config: the hyperparameters and settings it was started with, such as
 * {@code learning_rate} or {@code epochs}. Starts with {@link RunOptions.Builder#config(Map)} and
 * can change during the run; each change is recorded and sent to the server, and rewrites the
 * run's {@code files/config.json}.
 *
 * <p>Values may be numbers, booleans, strings, {@code null}, lists and nested maps. A value of
 * another type is ignored with a warning. Safe to use from several threads.
 *
 * <pre>{@code
 * run.config().put("batch_size", 64);
 * int epochs = ((Number) run.config().get("epochs")).intValue();
 * }</pre>
 */
public interface Config {

  /** The value of a top-level key, or {@code null} when it is not set. */
  Object get(String key);

  /** Sets one key, replacing its earlier value. */
  void put(String key, Object value);

  /** Sets several keys at once, as one recorded change. */
  void putAll(Map<String, ?> values);

  /** A snapshot of the whole config, in insertion order; later changes do not show in it. */
  Map<String, Object> asMap();
}
