package dev.vane.internal;

import dev.vane.Config;
import dev.vane.Metric;
import dev.vane.Run;
import dev.vane.RunOptions;
import dev.vane.Summary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run in mode {@code disabled}: records nothing, touches no files, prints nothing, starts no
 * thread. Config and summary work in memory; {@link #url()} and {@link #dir()} are {@code null}.
 */
final class DisabledRun implements Run {
  private final String id;
  private final RunDetails details;
  private final String entity;
  private final String project;
  private final RealConfig config;
  private final RealSummary summary;

  DisabledRun(String id, RunOptions options, String entity, String project) {
    this.id = id;
    this.details = new RunDetails(options.name(), options.notes(), options.tags(), options.group(),
        options.jobType());
    Map<String, Object> config = options.config();
    this.entity = entity;
    this.project = project;
    Object lock = new Object();
    Diagnostics quiet = new Diagnostics(new Console(System.err, true));
    quiet.close();
    this.config = new RealConfig(config, lock, c -> {}, quiet);
    this.summary = new RealSummary(lock, () -> {}, u -> {}, quiet);
  }

  @Override
  public void log(Map<String, ?> values) {}

  @Override
  public void log(Map<String, ?> values, long step) {}

  @Override
  public void log(Map<String, ?> values, boolean commit) {}

  @Override
  public void log(Map<String, ?> values, long step, boolean commit) {}

  /** Checks the arguments as a recording run does, and records nothing. */
  @Override
  public Metric defineMetric(String name) {
    return RealMetric.define(name, d -> {});
  }

  /** Checks the arguments as a recording run does, and saves nothing. */
  @Override
  public void save(Path path) {
    SavedFiles.check(path, "live");
  }

  /** Checks the arguments as a recording run does, and saves nothing. */
  @Override
  public void save(Path path, String policy) {
    SavedFiles.check(path, policy);
  }

  /** Checks the arguments as a recording run does, and saves nothing. */
  @Override
  public void save(String glob, Path baseDir, String policy) {
    SavedFiles.check(glob, policy);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public Summary summary() {
    return summary;
  }

  @Override
  public void finish() {}

  @Override
  public void finish(int exitCode) {}

  @Override
  public void close() {}

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    String n = details.name();
    return n != null ? n : id;
  }

  @Override
  public void setName(String name) {
    details.setName(name);
  }

  @Override
  public String notes() {
    return details.notes();
  }

  @Override
  public void setNotes(String notes) {
    details.setNotes(notes);
  }

  @Override
  public List<String> tags() {
    return details.tags();
  }

  @Override
  public void setTags(String... tags) {
    details.setTags(tags);
  }

  @Override
  public String group() {
    return details.group();
  }

  @Override
  public String jobType() {
    return details.jobType();
  }

  @Override
  public String entity() {
    return entity;
  }

  @Override
  public String project() {
    return project;
  }

  @Override
  public String path() {
    return (entity == null ? "" : entity) + "/" + project + "/" + id;
  }

  @Override
  public String url() {
    return null;
  }

  @Override
  public Path dir() {
    return null;
  }

  @Override
  public String toString() {
    return "Run{" + path() + ", disabled}";
  }
}
