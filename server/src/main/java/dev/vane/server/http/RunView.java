package dev.vane.server.http;

import dev.vane.server.store.Run;
import dev.vane.server.store.RunState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The RUN object of the read API, fields in the documented order. */
final class RunView {
  private RunView() {}

  static Map<String, Object> of(Run run) {
    return of(run, System.currentTimeMillis());
  }

  /** The run as of {@code now} (epoch millis), which a running run's times count up to. */
  static Map<String, Object> of(Run run, long now) {
    Run.RunDetails d = run.details();
    Run.RunProgress p = run.progress();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("name", d.name());
    m.put("entity", run.entity());
    m.put("project", run.project());
    m.put("state", p.state().wireName());
    m.put("config", p.config());
    m.put("summary", p.summary());
    m.put("tags", d.tags());
    m.put("notes", d.notes());
    m.put("group", d.group());
    m.put("jobType", d.jobType());
    m.put("createdAt", IsoTime.format(run.createdAt()));
    m.put("updatedAt", IsoTime.format(p.updatedAt()));
    m.put("heartbeatAt", IsoTime.format(p.heartbeatAt()));
    m.put("finishedAt", IsoTime.format(p.finishedAt()));
    m.put("exitCode", p.exitCode());
    m.put("historyLength", p.historyLength());
    m.put("stopped", run.stopped());
    m.put("runtimeSeconds", seconds(run.createdAt(), runtimeEnd(p, now)));
    m.put("durationSeconds", seconds(run.createdAt(), durationEnd(p, now)));
    List<Map<String, Object>> metrics = new ArrayList<>();
    p.metrics().forEach((name, def) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", name);
      if (def instanceof Map<?, ?> fields) {
        fields.forEach((k, v) -> one.put(String.valueOf(k), v));
      }
      metrics.add(one);
    });
    m.put("metrics", metrics);
    return m;
  }

  /**
   * Where the wall-clock runtime ends: the end of an ended run, now for a running one, the last
   * heartbeat for a crashed one (it has no end, and its time stops counting there).
   */
  private static long runtimeEnd(Run.RunProgress p, long now) {
    if (p.finishedAt() != null) {
      return p.finishedAt();
    }
    return p.state() == RunState.RUNNING ? now : lastSign(p);
  }

  /**
   * Where the live time ends. Without resume a run is live in one stretch, from its start to its
   * end, its last heartbeat (crashed) or now (running).
   */
  private static long durationEnd(Run.RunProgress p, long now) {
    if (p.state() == RunState.CRASHED) {
      return lastSign(p);
    }
    return runtimeEnd(p, now);
  }

  private static long lastSign(Run.RunProgress p) {
    return p.heartbeatAt() != null ? p.heartbeatAt() : p.updatedAt();
  }

  /** Seconds from start to end, to the millisecond, never negative. */
  private static double seconds(long from, long to) {
    return Math.max(0, to - from) / 1000.0;
  }
}
