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
    m.put("runtimeSeconds", seconds(run.createdAt(), runtimeEnd(run, now)));
    m.put("durationSeconds", run.liveMillis(durationEnd(run, now)) / 1000.0);
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
    Run.Origin o = run.origin();
    if (o.forkSourceId() != null) {
      Map<String, Object> fork = new LinkedHashMap<>();
      fork.put("run", o.forkSourceId());
      fork.put("step", o.forkStep());
      m.put("forkedFrom", fork);
    } else {
      m.put("forkedFrom", null);
    }
    m.put("archived", o.archived());
    m.put("metadata", run.metadata());
    return m;
  }

  /**
   * Where the wall-clock runtime ends: the end of an ended run, now for a running one, the last
   * heartbeat for a crashed one (it has no end, and its time stops counting there).
   */
  private static long runtimeEnd(Run run, long now) {
    Run.RunProgress p = run.progress();
    if (p.finishedAt() != null) {
      return p.finishedAt();
    }
    return p.state() == RunState.RUNNING ? now : run.lastSign();
  }

  /**
   * Where the current writer's live time ends: the run's end, its last heartbeat (crashed) or now
   * (running). Earlier writers' live time (before a resume) is kept apart, so the gaps between a
   * crash or end and a resume do not count.
   */
  private static long durationEnd(Run run, long now) {
    if (run.progress().state() == RunState.CRASHED) {
      return run.lastSign();
    }
    return runtimeEnd(run, now);
  }

  /** Seconds from start to end, to the millisecond, never negative. */
  private static double seconds(long from, long to) {
    return Math.max(0, to - from) / 1000.0;
  }
}
