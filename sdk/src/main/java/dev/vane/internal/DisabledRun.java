package dev.vane.internal;

import dev.vane.Config;
import dev.vane.Metric;
import dev.vane.Run;
import dev.vane.Summary;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run in mode {@code disabled}: records nothing, touches no files, prints nothing, starts no
 * thread. Config and summary work in memory; {@link #url()} and {@link #dir()} are {@code null}.
 */
final class DisabledRun implements Run {
  private final String id;
  private final String name;
  private final String entity;
  private final String project;
  private final RealConfig config;
  private final RealSummary summary;

  DisabledRun(String id, String name, String entity, String project, Map<String, Object> config) {
    this.id = id;
    this.name = name;
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
    return name != null ? name : id;
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
