package dev.vane.server.http;

import dev.vane.server.store.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The RUN object of the read API, fields in the documented order. */
final class RunView {
  private RunView() {}

  static Map<String, Object> of(Run run) {
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
}
