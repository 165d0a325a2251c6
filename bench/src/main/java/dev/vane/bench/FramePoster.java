package dev.vane.bench;

import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a run straight through the ingest API, as the SDK's sender does but without a training
 * program in front: for preparing large runs quickly.
 */
final class FramePoster {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String key;
  private final String project;
  private final String runId;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(2 << 20);
  private long seq;

  FramePoster(String baseUrl, String key, String project, String runId) throws Exception {
    this.baseUrl = baseUrl;
    this.key = key;
    this.project = project;
    this.runId = runId;
    RunStart start = new RunStart(runId, "admin", project, null, null, List.of(), null, null,
        Map.of(), System.currentTimeMillis() / 1000.0, UUID.randomUUID().toString(), "online");
    post(Endpoints.RUNS, "application/json", VaneJson.records().writeValueAsBytes(start));
    add(start);
  }

  /** Appends a history row of {@code _step} and one key (a Long logs an integer, a Double a float). */
  void row(long step, String name, Number value) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>(4);
    m.put(HistoryRow.STEP, step);
    m.put(name, value);
    add(new HistoryRow(m));
  }

  /** Appends a history row of {@code _step} and several keys. */
  void row(long step, Map<String, ? extends Number> values) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>(values.size() * 2);
    m.put(HistoryRow.STEP, step);
    m.putAll(values);
    add(new HistoryRow(m));
  }

  private void add(RecordPayload record) throws Exception {
    pending.write(FrameCodec.encode(record.type().code(), ++seq, RecordCodec.encode(record)));
    if (pending.size() >= (1 << 20)) {
      flush();
    }
  }

  /** Ends the run and sends what is left. */
  void finish() throws Exception {
    add(new RunExit(0, System.currentTimeMillis() / 1000.0, 0, null));
    flush();
  }

  private void flush() throws Exception {
    if (pending.size() > 0) {
      post(Endpoints.records("admin", project, runId), Endpoints.FRAMES_MEDIA_TYPE,
          pending.toByteArray());
      pending.reset();
    }
  }

  private void post(String path, String type, byte[] body) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", type)
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("POST " + path + " -> " + r.statusCode() + ": " + r.body());
    }
  }
}
