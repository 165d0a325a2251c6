package dev.vane.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The history benchmarks of {@code docs/performance.md}, each with its baseline run in the same
 * process on the same data, printed as one table:
 *
 * <ol>
 *   <li>ingest: a training program (the SDK, in a JVM of its own) logs KEYS x STEPS points to a
 *       server (a JVM of its own, {@code -Xmx512m}, warmed up by a quarter-size run first); timed
 *       until every point is acknowledged.
 *       Baseline: the same points as one row per point, batched JDBC inserts into SQLite;
 *   <li>chart query: a 1,000-bucket sampled history of one key of CHART_STEPS steps, median over
 *       repeated requests. Baseline: a GROUP BY over the row table;
 *   <li>size on disk per point, steps and values together, of a noisy decaying loss curve and of
 *       an integer counter. Baseline: the row table;
 *   <li>memory: the server's peak resident set while ingesting (1.).
 * </ol>
 *
 * <p>Ingest runs on PostgreSQL too ({@code ingest-pg}: the server with {@code --db} on an embedded
 * PostgreSQL; baseline: {@code COPY} of the rows).
 *
 * <p>Usage: {@code bench/run-history [--keys 100] [--steps 100000] [--chart-steps 10000000]
 * [--size-points 1000000] [--only ingest,ingest-pg,chart,size]}.
 */
public final class HistoryBenchmarks {
  private final Path jar;
  private final Path work;
  private final List<String[]> table = new ArrayList<>();

  private HistoryBenchmarks(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  /** Runs the benchmarks named by the arguments and prints the table. */
  public static void main(String[] args) throws Exception {
    int keys = 100;
    long steps = 100_000;
    long chartSteps = 10_000_000;
    long sizePoints = 1_000_000;
    List<String> only = List.of("ingest", "ingest-pg", "chart", "size");
    Path jar = Path.of("cli/target/vane.jar");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--keys" -> keys = Integer.parseInt(args[i + 1]);
        case "--steps" -> steps = Long.parseLong(args[i + 1]);
        case "--chart-steps" -> chartSteps = Long.parseLong(args[i + 1]);
        case "--size-points" -> sizePoints = Long.parseLong(args[i + 1]);
        case "--only" -> only = Arrays.asList(args[i + 1].split(","));
        case "--jar" -> jar = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("vane-bench");
    HistoryBenchmarks b = new HistoryBenchmarks(jar.toAbsolutePath(), work);
    try {
      if (only.contains("ingest")) {
        b.ingest(keys, steps);
      }
      if (only.contains("ingest-pg")) {
        b.ingestPostgres(keys, steps);
      }
      if (only.contains("chart")) {
        b.chart(chartSteps);
      }
      if (only.contains("size")) {
        b.size(sizePoints);
      }
    } finally {
      b.print();
      deleteTree(work);
    }
  }

  private void ingest(int keys, long steps) throws Exception {
    IngestRun vane = ingestThroughSdk(keys, steps, "ingest", List.of());
    Random random = new Random(7);
    double baseline;
    try (RowTableBaseline rows = new RowTableBaseline(work.resolve("ingest-rows.db"))) {
      baseline = rows.insert("run", names(keys), steps,
          (k, step) -> Math.exp(-step / 20_000.0 - k / 50.0) + random.nextGaussian() * 0.01);
    }
    ingestRows("SQLite", keys, steps, vane, baseline, "batched JDBC inserts");
  }

  private void ingestPostgres(int keys, long steps) throws Exception {
    try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
      String base = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
      try (var c = java.sql.DriverManager.getConnection(base + "postgres?user=postgres");
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE vane");
        s.execute("CREATE DATABASE rows");
      }
      IngestRun vane = ingestThroughSdk(keys, steps, "ingest-pg",
          List.of("--db", base + "vane?user=postgres"));
      Random random = new Random(7);
      double baseline;
      try (PostgresRowBaseline rows = new PostgresRowBaseline(base + "rows?user=postgres")) {
        baseline = rows.copy("run", names(keys), steps,
            (k, step) -> Math.exp(-step / 20_000.0 - k / 50.0) + random.nextGaussian() * 0.01);
      }
      ingestRows("PostgreSQL", keys, steps, vane, baseline, "COPY");
    }
  }

  /** Seconds until every point was acknowledged, and the server's peak RSS. */
  private record IngestRun(double seconds, long peakRss) {}

  private IngestRun ingestThroughSdk(int keys, long steps, String name, List<String> serverArgs)
      throws Exception {
    Path data = work.resolve(name + "-server");
    try (ServerProcess server = ServerProcess.start(jar, data, List.of("-Xmx512m"), serverArgs)) {
      // A server runs for days: warm its JIT up with a quarter-size run first, as a long-running
      // server would be. The training program is a fresh JVM each time, as it is in real use.
      drive(server, keys, Math.max(1, steps / 4), name + "-warmup");
      double seconds = drive(server, keys, steps, name);
      return new IngestRun(seconds, server.peakRssBytes());
    }
  }

  /** Runs {@link IngestDriver} against the server; the seconds until every point was acknowledged. */
  private double drive(ServerProcess server, int keys, long steps, String name) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name + "-sdk"));
    String cp = Path.of(IngestDriver.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()) + java.io.File.pathSeparator + jar;
    List<String> cmd = List.of(java(), "-cp", cp, IngestDriver.class.getName(),
        Integer.toString(keys), Long.toString(steps), dir.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("VANE_BASE_URL", server.baseUrl);
    pb.environment().put("VANE_API_KEY", server.key);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || !out.contains("elapsed ")) {
      throw new IOException("the ingest driver failed:\n" + out);
    }
    String[] f = out.substring(out.indexOf("elapsed ")).trim().split("\\s+");
    return Double.parseDouble(f[1]);
  }

  private void ingestRows(String db, int keys, long steps, IngestRun vane, double baseline,
      String how) {
    long points = keys * steps;
    double rate = points / vane.seconds();
    double baseRate = points / baseline;
    row("ingest, " + db + ": " + keys + " keys x " + steps + " steps (" + millions(points)
            + " M points)",
        millions(rate) + " M points/s (" + fmt(vane.seconds()) + " s)",
        millions(baseRate) + " M points/s (" + fmt(baseline) + " s, " + how + ")",
        fmt(rate / baseRate) + "x", ">= 2 M points/s and >= 5x");
    row("server peak RSS, ingest on " + db + " (-Xmx512m)",
        vane.peakRss() < 0 ? "unknown" : (vane.peakRss() >> 20) + " MB", "", "",
        "no OutOfMemoryError");
  }

  private static String[] names(int keys) {
    String[] names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = "metric_" + k;
    }
    return names;
  }

  private void chart(long steps) throws Exception {
    Path data = work.resolve("chart-server");
    double[] spike = {0};
    long spikeAt = steps / 3 + 17;
    List<Double> times = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(jar, data, List.of("-Xmx512m"), List.of())) {
      FramePoster poster = new FramePoster(server.baseUrl, server.key, "bench-chart", "chart001");
      Random random = new Random(11);
      for (long step = 0; step < steps; step++) {
        double v = step == spikeAt ? 1e6 : lossCurve(step, steps, random);
        poster.row(step, "loss", v);
      }
      poster.finish();
      HttpClient http = HttpClient.newHttpClient();
      String url = server.baseUrl
          + "/api/v1/runs/admin/bench-chart/chart001/history/sampled?key=loss&buckets=1000";
      for (int i = 0; i < 40; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + server.key).build(),
            HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (r.statusCode() != 200) {
          throw new IOException("sampled history -> " + r.statusCode() + ": " + r.body());
        }
        if (i == 0 && !r.body().contains("1000000.0") && !r.body().contains("1.0E6")) {
          throw new IOException("the spike at step " + spikeAt + " is missing from the buckets");
        }
        if (i >= 10) {
          times.add((t1 - t0) / 1e6);
        }
      }
      spike[0] = 1;
    }
    List<Double> baseTimes = new ArrayList<>();
    try (RowTableBaseline rows = new RowTableBaseline(work.resolve("chart-rows.db"))) {
      Random random = new Random(11);
      rows.insert("run", new String[] {"loss"}, steps,
          (k, step) -> step == spikeAt ? 1e6 : lossCurve(step, steps, random));
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        rows.bucketed("run", "loss", Math.max(1, steps / 1000));
        baseTimes.add((System.nanoTime() - t0) / 1e6);
      }
    }
    double vane = median(times);
    double base = median(baseTimes);
    row("chart: 1,000 buckets of one key, " + millions(steps) + " M steps",
        fmt(vane) + " ms median (HTTP, 30 runs)", fmt(base) + " ms median (GROUP BY, 5 runs)",
        fmt(base / vane) + "x", "<= 20 ms");
  }

  private void size(long points) throws Exception {
    Random random = new Random(5);
    double loss = vaneBytesPerPoint("size-loss", points, step -> lossCurve(step, points, random));
    double counter = vaneBytesPerPoint("size-counter", points, step -> step); // a Long
    double baseLoss;
    double baseCounter;
    Random random2 = new Random(5);
    try (RowTableBaseline rows = new RowTableBaseline(work.resolve("size-loss.db"))) {
      long empty = rows.bytesOnDisk();
      rows.insert("run", new String[] {"loss"}, points, (k, step) -> lossCurve(step, points, random2));
      baseLoss = (rows.bytesOnDisk() - empty) / (double) points;
    }
    try (RowTableBaseline rows = new RowTableBaseline(work.resolve("size-counter.db"))) {
      long empty = rows.bytesOnDisk();
      rows.insert("run", new String[] {"counter"}, points, (k, step) -> step);
      baseCounter = (rows.bytesOnDisk() - empty) / (double) points;
    }
    row("size: noisy decaying loss, " + millions(points) + " M points",
        fmt(loss) + " B/point", fmt(baseLoss) + " B/point", fmt(baseLoss / loss) + "x",
        "<= 9 B/point");
    row("size: integer counter, " + millions(points) + " M points",
        fmt(counter) + " B/point", fmt(baseCounter) + " B/point", fmt(baseCounter / counter) + "x",
        "<= 1 B/point");
  }

  /** A noisy decaying loss: what a training curve looks like, noise in every mantissa bit. */
  private static double lossCurve(long step, long steps, Random random) {
    return 2.0 * Math.exp(-5.0 * step / steps) + 0.05 + 0.02 * random.nextGaussian();
  }

  /** A series' value at a step: a Long is logged as an integer, a Double as a float. */
  private interface Series {
    Number value(long step);
  }

  /** Grows a fresh server's data folder by one run of {@code points}; bytes per point. */
  private double vaneBytesPerPoint(String name, long points, Series series) throws Exception {
    Path data = work.resolve(name);
    try (ServerProcess server = ServerProcess.start(jar, data, List.of(), List.of())) {
      new FramePoster(server.baseUrl, server.key, "bench-size", "empty001").finish();
    }
    long before = treeSize(data);
    try (ServerProcess server = ServerProcess.start(jar, data, List.of(), List.of())) {
      FramePoster poster = new FramePoster(server.baseUrl, server.key, "bench-size", name);
      for (long step = 0; step < points; step++) {
        poster.row(step, "v", series.value(step));
      }
      poster.finish();
    }
    return (treeSize(data) - before) / (double) points;
  }

  private static long treeSize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private void row(String... cells) {
    table.add(cells);
  }

  private void print() {
    String[] head = {"benchmark", "vane", "baseline (row table)", "ratio", "goal"};
    List<String[]> all = new ArrayList<>();
    all.add(head);
    all.addAll(table);
    int[] w = new int[head.length];
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : all) {
      out.append('|');
      for (int i = 0; i < r.length; i++) {
        out.append(' ').append(r[i]).append(" ".repeat(w[i] - r[i].length())).append(" |");
      }
      out.append('\n');
      if (r == head) {
        out.append('|');
        for (int width : w) {
          out.append("-".repeat(width + 2)).append('|');
        }
        out.append('\n');
      }
    }
    System.out.print(out);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    return s.get(s.size() / 2);
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x);
  }

  private static String millions(double x) {
    return fmt(x / 1e6);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
