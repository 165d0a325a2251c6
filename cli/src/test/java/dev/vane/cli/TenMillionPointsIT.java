package dev.vane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.cli.programs.TenMillionPoints;
import dev.vane.protocol.VaneJson;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's acceptance at full size: a run of 10 M points (100 keys x 100,000 steps) is logged by
 * a training program in its own JVM, charted with exact extremes (the spike is found), and read
 * back in full, every value exact, through the streamed history endpoint.
 */
class TenMillionPointsIT {
  @TempDir Path tmp;

  @Test
  void loggedChartedAndReadBackInFull() throws Exception {
    try (TestServer server = new TestServer(tmp.resolve("server"))) {
      Path work = Files.createDirectories(tmp.resolve("work"));
      ChildJvm.Result r = ChildJvm.run(work,
          Map.of("VANE_BASE_URL", server.baseUrl(), "VANE_API_KEY", server.key, "VANE_SILENT", "true"),
          ChildJvm.testClasspath(), TenMillionPoints.class.getName(), "big", "tenmillion");
      assertEquals(0, r.exitCode(), r.err());
      String run = "/api/v1/runs/admin/big/tenmillion";
      JsonNode json = server.get(run).body();
      assertEquals("finished", json.get("state").asText());
      assertEquals(TenMillionPoints.STEPS, json.get("historyLength").asInt());

      JsonNode buckets = server.get(run + "/history/sampled?key=k0&buckets=1000").body()
          .get("buckets");
      assertEquals(1000, buckets.size());
      long count = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (JsonNode b : buckets) {
        count += b.get("count").asLong();
        max = Math.max(max, b.get("max").asDouble());
      }
      assertEquals(TenMillionPoints.STEPS, count);
      assertEquals(1e6, max, "the single spike survives sampling");

      HttpResponse<InputStream> full = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + run + "/history"))
              .header("Authorization", "Bearer " + server.key).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, full.statusCode());
      long rows = 0;
      long points = 0;
      try (JsonParser p = VaneJson.api().createParser(full.body())) {
        while (p.nextToken() != JsonToken.START_ARRAY) {
          assertTrue(p.currentToken() != null, "rows array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode row = VaneJson.api().readTree(p);
          long step = row.get("_step").asLong();
          assertEquals(rows, step, "rows in step order, none missing");
          for (int k = 0; k < TenMillionPoints.KEYS; k++) {
            assertEquals(TenMillionPoints.value(k, step), row.get("k" + k).asDouble(),
                "k" + k + " at step " + step);
            points++;
          }
          rows++;
        }
      }
      assertEquals(TenMillionPoints.STEPS, rows);
      assertEquals(10_000_000, points);
    }
  }
}
