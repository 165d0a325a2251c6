package dev.vane;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a training program: its metrics step by step (the history), its {@link #config()}
 * and its {@link #summary()}. Started by {@link Vane#init(RunOptions)}; ended by {@link #finish()}
 * or {@link #close()}, so it fits in try-with-resources.
 *
 * <p>Everything a run records is appended to its local run log first ({@code run-ID.vane} in
 * {@link #dir()}); a background thread streams the log to the server. No method waits for the
 * network except {@link #finish()}, which waits (bounded) for the upload to complete. No method
 * throws because of bad values, a server that is away or a full disk: such problems are reported
 * once as warnings on stderr and the program goes on.
 *
 * <h2>Steps</h2>
 *
 * Each history row belongs to a step: 0, 1, 2, ... As in W&amp;B:
 *
 * <ul>
 *   <li>{@link #log(Map)} adds the values to the current step's row, writes the row and moves to
 *       the next step;
 *   <li>{@link #log(Map, boolean) log(values, false)} adds the values to the current step's row
 *       without writing it (W&amp;B's {@code commit=False}); the row is written by the next
 *       committing call;
 *   <li>{@link #log(Map, long) log(values, step)} moves to {@code step} (writing the pending row of
 *       an earlier step first) and adds the values to its row, which is written when a later step
 *       is logged, a call commits, or the run finishes. A step lower than the current one is
 *       dropped with a warning: steps only increase.
 * </ul>
 *
 * Every row gets {@code _step}, {@code _runtime} (seconds since the run started) and
 * {@code _timestamp} (Unix seconds, fractional).
 *
 * <h2>Summary</h2>
 *
 * The {@link #summary()} holds each key's last logged value, or for keys given summary aggregates
 * by {@link #defineMetric(String)} a map of the aggregates ({@code {"loss": {"min": 0.03}}}).
 *
 * <p>Runs are safe to use from several threads. Not meant to be implemented outside Vane.
 */
public interface Run extends AutoCloseable {

  /**
   * Logs metrics as a new step: adds them to the current step's row, writes the row, and moves to
   * the next step.
   *
   * <p>Values may be {@code int}, {@code long}, {@code float}, {@code double} (NaN and infinities
   * are kept), {@code boolean}, {@code String}, or nested maps, which are flattened to dotted keys
   * ({@code {"a": {"b": 1}}} logs {@code a.b}). Other values are dropped with a warning naming the
   * key; the rest of the row is kept.
   *
   * @param values metric names and values
   */
  void log(Map<String, ?> values);

  /**
   * Logs metrics at an explicit step. Moves to {@code step} when it is higher than the current step
   * (writing the earlier step's pending row), then adds the values to that step's row without
   * writing it yet (as W&amp;B does for an explicit step). A step lower than the current one is
   * dropped with a warning.
   *
   * @param values metric names and values, as for {@link #log(Map)}
   * @param step the step, at least the current one
   */
  void log(Map<String, ?> values, long step);

  /**
   * Logs metrics at the current step, committing the row or not.
   *
   * @param values metric names and values, as for {@link #log(Map)}
   * @param commit {@code true} to write the row and move to the next step, as {@link #log(Map)};
   *     {@code false} to only add the values to the current step's row (W&amp;B's
   *     {@code commit=False})
   */
  void log(Map<String, ?> values, boolean commit);

  /**
   * Logs metrics at an explicit step, committing the row or not.
   *
   * @param values metric names and values, as for {@link #log(Map)}
   * @param step the step, at least the current one
   * @param commit {@code true} to write the step's row and move to the next step
   */
  void log(Map<String, ?> values, long step, boolean commit);

  /**
   * Defines how a metric is summarised and charted, as W&amp;B's {@code define_metric}: summary
   * aggregates ({@code min}, {@code max}, {@code mean}, {@code first}, {@code last} or {@code
   * none}) and a custom x-axis with step sync. The definition, with the changes made through the
   * returned {@link Metric}, is recorded in the run log before the run's next call; a later
   * definition of the same name replaces it. Names ending in {@code *} are globs ({@code
   * "train/*"}).
   *
   * <pre>{@code
   * run.defineMetric("loss").summary("min", "max").stepMetric("epoch");
   * }</pre>
   *
   * @param name a metric name, or a glob ending in {@code *}
   * @return the definition, to set its options
   * @throws IllegalArgumentException naming {@code name} when it is empty or has a {@code *} that
   *     is not its last character
   */
  Metric defineMetric(String name);

  /**
   * Saves a file with the run, uploaded now and again whenever it changes while the run lives
   * (policy {@code "live"}, W&amp;B's default). Same as {@code save(path, "live")}.
   *
   * @param path the file; named by its file name in the run's files
   * @throws IllegalArgumentException naming {@code path} when it is {@code null}
   * @see #save(Path, String)
   */
  void save(Path path);

  /**
   * Saves a file with the run (W&amp;B's {@code wandb.save}). The file is placed in the run's
   * {@code files/} folder under its file name (a symbolic link to it for {@code "live"} and {@code
   * "end"}, a copy where links are impossible and for {@code "now"}) and uploaded in the
   * background, never on the calling thread:
   *
   * <ul>
   *   <li>{@code "now"}: as soon as possible, as it is at the call (a copy is taken then);
   *   <li>{@code "end"}: at {@link #finish()}, as it is then;
   *   <li>{@code "live"}: now, again whenever it changes while the run lives (checked every two
   *       seconds), and at finish.
   * </ul>
   *
   * A file that does not exist is a warning, not an error: with {@code "end"} or {@code "live"}
   * it is saved if it appears before the run finishes. Uploads skip content the server already
   * has (by SHA-256) and resume after a broken connection. Offline runs keep the files in {@code
   * files/}, and {@code vane sync} uploads them. A disabled run checks the arguments and saves
   * nothing.
   *
   * @param path the file
   * @param policy {@code "now"}, {@code "end"} or {@code "live"}
   * @throws IllegalArgumentException naming the argument when {@code path} is {@code null} or
   *     {@code policy} is not one of the three
   */
  void save(Path path, String policy);

  /**
   * Saves the files a glob matches (W&amp;B's {@code wandb.save(glob_str, base_path, policy)}).
   * The glob uses {@link java.nio.file.FileSystem#getPathMatcher glob syntax} ({@code *}, {@code
   * **}, {@code ?}, {@code [..]}, {@code {a,b}}) with {@code /} separators, relative to the
   * working directory unless absolute: {@code "checkpoints/*.pt"}, {@code "out/**.json"}. Each
   * file is placed in {@code files/} under its path relative to {@code baseDir}, or its file name
   * when {@code baseDir} is {@code null}; a file outside {@code baseDir} is skipped with a
   * warning, so no name leaves {@code files/}. With {@code "live"} the glob is matched again at
   * every check, so files that appear later are saved too; with {@code "end"} again at finish.
   * Otherwise as {@link #save(Path, String)}.
   *
   * @param glob the pattern
   * @param baseDir the folder names are relative to, or {@code null} for file names only
   * @param policy {@code "now"}, {@code "end"} or {@code "live"}
   * @throws IllegalArgumentException naming the argument when {@code glob} is {@code null}, blank
   *     or not a valid pattern, or {@code policy} is not one of the three
   */
  void save(String glob, Path baseDir, String policy);

  /** The run's config, which can change during the run. */
  Config config();

  /**
   * The run's summary: per key the last logged value, or the summary aggregates of a metric
   * defined with them ({@link #defineMetric(String)}), unless set there.
   */
  Summary summary();

  /**
   * Ends the run as {@code finished} (exit code 0). Same as {@code finish(0)}.
   *
   * @see #finish(int)
   */
  void finish();

  /**
   * Ends the run: writes the pending row, the summary file and the exit record, waits for the
   * upload (bounded by {@link RunOptions.Builder#finishTimeout}, 60 seconds by default, showing
   * progress when it takes over a second), uploads the run's files and prints the footer. A run
   * ends {@code finished} for exit code 0 and {@code failed} otherwise. Calls after the first do
   * nothing; values logged after it are ignored with a warning.
   *
   * @param exitCode 0 for success
   */
  void finish(int exitCode);

  /** Same as {@link #finish()}, for try-with-resources. */
  @Override
  void close();

  /** The run ID, unique in its project: given in the options or 8 random characters. */
  String id();

  /**
   * The run's display name: given in the options, or generated by the server
   * ({@code adjective-noun-N}). Until the server has named the run (offline, or while the server
   * cannot be reached), the run ID.
   */
  String name();

  /**
   * Renames the run (W&amp;B's {@code run.name = ...}); recorded like any value and shown by the
   * server once the record arrives.
   *
   * @throws IllegalArgumentException when the name is {@code null} or blank
   */
  void setName(String name);

  /** The run's notes (its description), or {@code null}. */
  String notes();

  /** Replaces the run's notes; {@code null} clears them to none. */
  void setNotes(String notes);

  /** The run's tags. */
  List<String> tags();

  /**
   * Replaces the run's tags (W&amp;B's {@code run.tags = (...)}).
   *
   * @throws IllegalArgumentException when a tag is {@code null} or blank
   */
  void setTags(String... tags);

  /** The run's group, or {@code null}; set at init, changed later through the API. */
  String group();

  /** The run's job type, or {@code null}; set at init, changed later through the API. */
  String jobType();

  /**
   * The entity (user or team) the run belongs to: given in the options or settings, or told by
   * the server (the API key's user); {@code null} while unknown.
   */
  String entity();

  /** The project the run belongs to. */
  String project();

  /**
   * The run's path {@code entity/project/id}. While the entity is not known (see {@link
   * #entity()}) its part is empty.
   */
  String path();

  /**
   * The URL of the run's page, {@code BASE/ENTITY/PROJECT/runs/ID}, or {@code null} when the run
   * is offline or disabled, or its entity is not known yet.
   */
  String url();

  /**
   * The run's local directory, {@code DIR/vane/run-YYYYMMDD_HHMMSS-ID} ({@code offline-run-...}
   * offline), holding the run log, {@code files/} (uploaded at finish) and {@code logs/}; {@code
   * null} for a disabled run, which touches no files.
   */
  Path dir();
}
