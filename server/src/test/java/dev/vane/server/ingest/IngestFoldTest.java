package dev.vane.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MetricDefinition;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SummaryUpdate;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.server.ApiException;
import dev.vane.server.ErrorCode;
import dev.vane.server.store.Entity;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar ingest path against a row-by-row model of the fold it replaced: random batches of
 * rows (keys in any order, repeated keys and steps, every value type), summary updates and metric
 * definitions, ingested in overlapping bodies (partial retries), leave the same summary (key order
 * included), history and history length.
 */
class IngestFoldTest {
  @TempDir Path dir;
  private SqliteDatabase db;
  private long projectId;

  @BeforeEach
  void open() {
    db = SqliteDatabase.open(dir.resolve("vane.db"));
    projectId =
        db.write(
            s -> {
              Entity e = s.entities().ensure("admin", 1);
              Project p = s.projects().ensure(e, "p", 1);
              return p.id();
            });
    db.write(
        s ->
            s.runs()
                .create(
                    new NewRun(
                        projectId,
                        "r1",
                        new Run.RunDetails("r1", null, List.of(), null, null),
                        Map.of(),
                        "w",
                        1,
                        1)));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Run run() {
    return db.read(s -> s.runs().find(projectId, "r1")).orElseThrow();
  }

  private static byte[] body(List<RecordPayload> records, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = from; i < to; i++) {
      RecordPayload r = records.get(i);
      out.writeBytes(FrameCodec.encode(r.type().code(), i + 1, RecordCodec.encode(r)));
    }
    return out.toByteArray();
  }

  private static String json(Object value) throws Exception {
    return VaneJson.records().writeValueAsString(value);
  }

  @Test
  void matchesARowByRowFold() throws Exception {
    Random random = new Random(11);
    List<RecordPayload> records = new ArrayList<>();
    records.add(
        new RunStart("r1", "admin", "p", null, null, List.of(), null, null, Map.of(), 1.7e9, "w",
            "online"));
    String[] keys = {"loss", "acc", "train/a", "train/b", "lr", "name", "_runtime", "é"};
    long step = 0;
    for (int i = 0; i < 600; i++) {
      int kind = random.nextInt(20);
      if (kind == 0) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put(keys[random.nextInt(keys.length)], random.nextInt(5));
        List<String> removed = random.nextBoolean() ? List.of(keys[random.nextInt(keys.length)])
            : List.of();
        records.add(new SummaryUpdate(set, removed));
      } else if (kind == 1) {
        String name = random.nextBoolean() ? keys[random.nextInt(keys.length)] : "train/*";
        List<String> agg = random.nextBoolean() ? List.of("min") : List.of();
        records.add(new MetricDefinition(name, null, agg, false));
      } else {
        step = random.nextInt(10) == 0 ? Math.max(0, step - random.nextInt(5)) : step + 1;
        Map<String, Object> values = new LinkedHashMap<>();
        if (random.nextBoolean()) {
          values.put("_step", step);
        }
        for (String k : keys) {
          if (random.nextInt(3) > 0) {
            values.put(k, value(random));
          }
        }
        values.putIfAbsent("_step", step);
        records.add(new HistoryRow(values));
      }
    }

    // The model: the fold as it was, one row at a time.
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, List<String>> metrics = new LinkedHashMap<>();
    TreeMap<Long, Map<String, Object>> history = new TreeMap<>();
    for (RecordPayload r : records) {
      if (r instanceof HistoryRow row) {
        long s = ((Number) row.values().get("_step")).longValue();
        history.computeIfAbsent(s, x -> new TreeMap<>()).putAll(row.values());
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
          if (!e.getKey().startsWith("_") && !aggregated(metrics, e.getKey())) {
            summary.put(e.getKey(), e.getValue());
          }
        }
      } else if (r instanceof SummaryUpdate u) {
        summary.putAll(u.values());
        u.removed().forEach(summary::remove);
      } else if (r instanceof MetricDefinition d) {
        metrics.remove(d.name());
        metrics.put(d.name(), d.summary());
      }
    }

    RecordIngester ingester = new RecordIngester(db);
    int applied = 0;
    while (applied < records.size()) {
      int from = Math.max(0, applied - random.nextInt(4)); // a retry repeats a few records
      int to = Math.min(records.size(), applied + 1 + random.nextInt(60));
      ingester.ingest("admin", "p", "r1", body(records, from, to));
      applied = to;
    }

    Run run = run();
    assertEquals(json(summary), json(run.progress().summary()));
    assertEquals(history.size(), run.progress().historyLength());
    List<Map<String, Object>> stored =
        db.read(s -> s.history().read(run.pk(), HistoryQuery.all()));
    List<Map<String, Object>> sorted = new ArrayList<>();
    for (Map<String, Object> row : stored) {
      sorted.add(new TreeMap<>(row));
    }
    assertEquals(json(new ArrayList<>(history.values())), json(sorted));
  }

  private static Object value(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> (long) random.nextInt(100);
      case 1 -> "s" + random.nextInt(3);
      case 2 -> random.nextBoolean();
      case 3 -> Double.NaN;
      default -> random.nextGaussian();
    };
  }

  /** Whether a definition (exact name first, else the last matching glob) aggregates the key. */
  private static boolean aggregated(Map<String, List<String>> metrics, String key) {
    if (metrics.containsKey(key)) {
      return !metrics.get(key).isEmpty();
    }
    boolean result = false;
    for (Map.Entry<String, List<String>> e : metrics.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("*") && key.startsWith(name.substring(0, name.length() - 1))) {
        result = !e.getValue().isEmpty();
      }
    }
    return result;
  }

  @Test
  void aBadRowRejectsTheWholeBatch() {
    byte[] good =
        FrameCodec.encode(
            3, 1, "{\"values\":{\"_step\":0,\"a\":1.5}}".getBytes(StandardCharsets.UTF_8));
    byte[] badStep =
        FrameCodec.encode(
            3, 2, "{\"values\":{\"_step\":\"1\",\"a\":2.5}}".getBytes(StandardCharsets.UTF_8));
    byte[] malformed =
        FrameCodec.encode(3, 2, "{\"values\":{\"_step\":1,\"a\":}".getBytes(StandardCharsets.UTF_8));
    RecordIngester ingester = new RecordIngester(db);
    for (byte[] bad : List.of(badStep, malformed)) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(good);
      body.writeBytes(bad);
      ApiException e =
          assertThrows(
              ApiException.class, () -> ingester.ingest("admin", "p", "r1", body.toByteArray()));
      assertEquals(ErrorCode.INVALID_RECORD, e.code());
      assertEquals(0, run().progress().lastSeq());
      assertEquals(0, run().progress().historyLength());
      assertEquals(Map.of(), run().progress().summary());
    }
    // the good row alone applies; then a retry of it with a bad row after it is still rejected
    ingester.ingest("admin", "p", "r1", good);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(good);
    body.writeBytes(badStep);
    assertThrows(ApiException.class, () -> ingester.ingest("admin", "p", "r1", body.toByteArray()));
    assertEquals(1, run().progress().lastSeq());
    assertEquals(Map.of("a", 1.5), run().progress().summary());
  }
}
