package dev.vane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.internal.ServerHttp;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunMetadata;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.SystemSample;
import dev.vane.protocol.VaneJson;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.protocol.wire.IngestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load benchmark of the reliability issue: R concurrent simulated runs (default 200), each
 * logging K keys (20) N times a second (10) for D seconds (300), against one {@code vane server}
 * in a process of its own ({@link ServerProcess}, started from {@code cli/target/vane.jar} with
 * the JVM options {@code ./vane server} uses by default, {@link #SERVER_JVM}). Goals: no error,
 * p99 ingest latency at most 100 ms, server peak RSS at most 1 GB, and every run's history on the
 * server exactly the steps it logged. Prints a table and exits 1 when a goal is missed. Usage:
 * {@code bench/run-load [--runs R] [--keys K] [--rate N] [--warmup W] [--duration D] [--jar PATH]
 * [--server-jvm 'OPTIONS']}.
 *
 * <p>The same load runs for W seconds (30) before the D measured ones: a server runs for days, and
 * a fresh JVM spends its first seconds compiling the ingest path (as {@code bench/run-history}
 * warms its server up). Errors, the server's peak RSS and the history check cover the whole run;
 * latencies, request and point rates and CPU the measured seconds (and the final drain).
 *
 * <p><b>Simulated runs, not SDK runs.</b> 200 real {@code Run}s in one JVM would cost each a
 * sender, a flusher, a system sampler and a metadata thread, an HTTP client with a selector thread
 * of its own, and a run log file read back every 200 ms: about a thousand threads and 200 files on
 * a 2-core machine the server shares, so the load generator, not the server, would set the
 * figures, and per-request latency could not be measured without changing the SDK. Instead each
 * simulated run sends what the SDK's {@code LogSender} sends, at its cadence:
 *
 * <ul>
 *   <li>the upsert ({@code POST /api/v1/runs}, the {@link RunStart} as JSON, with a writer token),
 *       as {@code Vane.init} does before the first record;
 *   <li>frames encoded with the protocol's {@link FrameCodec} and {@link RecordCodec}, numbered
 *       from 1: the {@link RunStart} record, one {@link RunMetadata}, a {@link HistoryRow} per log
 *       call (K keys plus {@code _step}, {@code _runtime}, {@code _timestamp}, as the SDK's encoder
 *       writes them), a {@link SystemSample} of 20 {@code system.*} values every 15 s (the SDK's
 *       default sampling interval) and a {@link RunExit} at the end;
 *   <li>a batch at most every second: the SDK's flusher hands buffered frames to the log file
 *       every 200 ms, and the sender posts everything flushed once a second has passed since its
 *       last request ({@code LogSender.SEND_INTERVAL_MILLIS}), at once at the end of the run; one
 *       request in flight per run, and a batch that came due while one was in flight goes as soon
 *       as the answer comes, as the sender's loop does. While records flow the SDK sends no heartbeat
 *       and no stop check (each ingest answer carries the stop flag), so neither does this;
 *   <li>the same headers through the SDK's own {@link ServerHttp} (HTTP/1.1, user agent, bearer
 *       key) plus the {@code Vane-Writer} header, to {@code POST .../records}.
 * </ul>
 *
 * <p>All runs share one {@link HttpClient}, whose connection pool then holds about one
 * keep-alive connection per run, as 200 training processes would, but whose I/O is one selector
 * thread: the generator stays cheap (its own CPU time is measured and printed).
 *
 * <p><b>Latency.</b> Each ingest request is timed from send to answer ("service"), and also from
 * the time it should have been sent, the 200 ms flush tick at which it came due ("scheduled"): a
 * slow answer delays the run's next batch, and timing only the send would hide that wait
 * (coordinated omission). The second a row waits for its batch by design is not counted. The goal is checked on the scheduled latency, the stricter.
 */
public final class LoadBenchmark {
  /** The SDK's flush cadence ({@code RunLog.FLUSH_MILLIS}). */
  static final long FLUSH_MILLIS = 200;
  /** The SDK's least time between two batches of a live run ({@code LogSender}). */
  static final long SEND_INTERVAL_MILLIS = 1_000;
  /** The SDK's default system sampling interval ({@code RunSettings}). */
  static final long SYSTEM_SAMPLE_MILLIS = 15_000;
  /** The SDK's timeout of one ingest request ({@code LogSender.SEND_TIMEOUT}). */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
  /**
   * The server's JVM options: those {@code ./vane server} gives it when {@code VANE_JAVA_OPTS} sets
   * no heap (see the {@code vane} script), so the figures are what a user's server does.
   */
  static final List<String> SERVER_JVM = List.of("-Xmx512m");
  static final long P99_GOAL_MILLIS = 100;
  static final long RSS_GOAL_BYTES = 1L << 30;
  private static final String PROJECT = "bench-load";
  private static final int MAX_ERRORS_KEPT = 50;

  private LoadBenchmark() {}

  /** What to run. */
  record Options(int runs, int keys, double rate, Duration warmup, Duration duration, Path jar,
      List<String> serverJvm) {
    static Options parse(String[] args) {
      int runs = 200;
      int keys = 20;
      double rate = 10;
      Duration warmup = Duration.ofSeconds(30);
      Duration duration = Duration.ofMinutes(5);
      Path jar = Path.of("cli/target/vane.jar");
      List<String> serverJvm = SERVER_JVM;
      for (int i = 0; i < args.length; i++) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        String v = args[++i];
        switch (args[i - 1]) {
          case "--runs" -> runs = Integer.parseInt(v);
          case "--keys" -> keys = Integer.parseInt(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--warmup" -> warmup = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
          case "--duration" -> duration = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
          case "--jar" -> jar = Path.of(v);
          case "--server-jvm" ->
              serverJvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
          default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
               + " (--runs, --keys, --rate, --warmup SECONDS, --duration SECONDS, --jar,"
              + " --server-jvm 'OPTIONS')");
        }
      }
      return new Options(runs, keys, rate, warmup, duration, jar, serverJvm);
    }
  }

  /**
   * The measured figures.
   *
   * @param errors every failed request, described (at most the first 50; {@code errorCount} has
   *     them all)
   * @param countProblems runs whose history on the server is not exactly the logged steps
   */
  record Result(Options options, long requests, long errorCount, List<String> errors,
      long[] serviceMicros, long[] scheduledMicros, long rows, long totalRows, double loadSeconds,
      long upsertMaxMicros, long peakRssBytes, double serverCpuSeconds, double generatorCpuSeconds,
      long serverThreadsPeak, List<String> countProblems, String loadBefore, String loadAfter) {

    /** Whether every goal is met. */
    boolean passed() {
      return errorCount == 0 && countProblems.isEmpty() && p99Met() && rssMet();
    }

    boolean p99Met() {
      return percentile(scheduledMicros, 99) <= P99_GOAL_MILLIS * 1000;
    }

    boolean rssMet() {
      return peakRssBytes > 0 && peakRssBytes <= RSS_GOAL_BYTES;
    }

    /** The table of figures against the goals. */
    String table() {
      StringBuilder b = new StringBuilder();
      Options o = options;
      b.append(String.format(Locale.ROOT,
          "load: %d runs x %d keys x %.4g rows/s, %.0f s measured after %.0f s of warm-up,"
              + " one server (JVM options %s)%n",
          o.runs(), o.keys(), o.rate(), o.duration().toMillis() / 1000.0,
          o.warmup().toMillis() / 1000.0, String.join(" ", o.serverJvm())));
      b.append(String.format(Locale.ROOT, "machine: %d cores; load average before %s, after %s%n",
          Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
      String f = "| %-42s | %-32s | %-13s | %-4s |%n";
      b.append(String.format(Locale.ROOT, f, "measure", "value", "goal", "met"));
      b.append(String.format(Locale.ROOT, f, "---", "---", "---", "---"));
      b.append(String.format(Locale.ROOT, f, "ingest requests (POST .../records)",
          String.format(Locale.ROOT, "%,d (%,.0f/s)", requests, requests / loadSeconds), "", ""));
      b.append(String.format(Locale.ROOT, f, "errors (non-2xx or exception)",
          String.format(Locale.ROOT, "%,d", errorCount), "0", yes(errorCount == 0)));
      b.append(String.format(Locale.ROOT, f, "history rows / points logged",
          String.format(Locale.ROOT, "%,d / %,d", rows, rows * o.keys()), "", ""));
      b.append(String.format(Locale.ROOT, f, "points per second",
          String.format(Locale.ROOT, "%,.0f", rows * o.keys() / loadSeconds), "", ""));
      b.append(String.format(Locale.ROOT, f, "ingest latency from scheduled p50/p95/p99",
          ms(scheduledMicros, 50) + " / " + ms(scheduledMicros, 95) + " / "
              + ms(scheduledMicros, 99), "p99 <= " + P99_GOAL_MILLIS + " ms", yes(p99Met())));
      b.append(String.format(Locale.ROOT, f, "ingest latency from scheduled max",
          ms(scheduledMicros, 100), "", ""));
      b.append(String.format(Locale.ROOT, f, "ingest latency service p50/p95/p99",
          ms(serviceMicros, 50) + " / " + ms(serviceMicros, 95) + " / " + ms(serviceMicros, 99),
          "", ""));
      b.append(String.format(Locale.ROOT, f, "ingest latency service max", ms(serviceMicros, 100),
          "", ""));
      b.append(String.format(Locale.ROOT, f, "slowest upsert (POST /api/v1/runs)",
          String.format(Locale.ROOT, "%.1f ms", upsertMaxMicros / 1000.0), "", ""));
      b.append(String.format(Locale.ROOT, f, "server peak RSS",
          String.format(Locale.ROOT, "%,d MB", peakRssBytes / 1_000_000), "<= 1 GB",
          yes(rssMet())));
      b.append(String.format(Locale.ROOT, f, "server CPU (average, of one core)",
          String.format(Locale.ROOT, "%.0f %%", 100 * serverCpuSeconds / loadSeconds), "", ""));
      b.append(String.format(Locale.ROOT, f, "server threads (peak)",
          Long.toString(serverThreadsPeak), "", ""));
      b.append(String.format(Locale.ROOT, f, "load generator CPU (average, of one core)",
          String.format(Locale.ROOT, "%.0f %%", 100 * generatorCpuSeconds / loadSeconds), "", ""));
      b.append(String.format(Locale.ROOT, f, "runs with exactly the logged steps",
          String.format(Locale.ROOT, "%d of %d (%,d rows in all)", o.runs() - countProblems.size(),
              o.runs(), totalRows), "all",
          yes(countProblems.isEmpty())));
      for (String e : errors) {
        b.append("error: ").append(e).append('\n');
      }
      for (String p : countProblems) {
        b.append("count: ").append(p).append('\n');
      }
      b.append(passed() ? "PASS" : "FAIL").append('\n');
      return b.toString();
    }

    private static String yes(boolean met) {
      return met ? "yes" : "NO";
    }

    private static String ms(long[] micros, double p) {
      return String.format(Locale.ROOT, "%.1f ms", percentile(micros, p) / 1000.0);
    }
  }

  /** Runs the benchmark; exits 1 when a goal is missed. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Result r = run(o, System.out::println);
    System.out.print(r.table());
    System.exit(r.passed() ? 0 : 1);
  }

  /** Runs the benchmark against a fresh server and returns its figures; {@code progress} hears. */
  static Result run(Options o, java.util.function.Consumer<String> progress) throws Exception {
    Path data = Files.createTempDirectory("vane-load-bench");
    try (ServerProcess server = ServerProcess.start(o.jar(), data, o.serverJvm(), List.of())) {
      return new Load(o, server, progress).run();
    } finally {
      deleteTree(data);
    }
  }

  /** One benchmark run against a started server. */
  private static final class Load {
    private final Options o;
    private final ServerProcess server;
    private final java.util.function.Consumer<String> progress;
    /** The SDK's request builder: every request carries the headers its sender's do. */
    private final ServerHttp requests;
    /** Configured as the SDK's client, but one for all runs, answering on a small pool. */
    private final HttpClient client;
    private final ExecutorService answers = Executors.newFixedThreadPool(2, daemon("load-answer"));
    private final ScheduledThreadPoolExecutor clock =
        new ScheduledThreadPoolExecutor(1, daemon("load-clock"));
    private final String[] keyNames;
    private final Latencies service = new Latencies();
    private final Latencies scheduled = new Latencies();
    private final AtomicLong sentRequests = new AtomicLong();
    private final AtomicLong measuredRequests = new AtomicLong();
    /** Whether the warm-up is over: only then are latencies and requests counted. */
    private volatile boolean measuring;
    private final AtomicLong errorCount = new AtomicLong();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<SimRun> runs = new ArrayList<>();

    Load(Options o, ServerProcess server, java.util.function.Consumer<String> progress) {
      this.o = o;
      this.server = server;
      this.progress = progress;
      this.requests = new ServerHttp(server.baseUrl, server.key, Duration.ofSeconds(3));
      this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER)
          .executor(answers).build();
      this.keyNames = new String[o.keys()];
      for (int k = 0; k < o.keys(); k++) {
        keyNames[k] = "metric_" + k;
      }
    }

    Result run() throws Exception {
      String loadBefore = loadAverage();
      for (int i = 0; i < o.runs(); i++) {
        runs.add(new SimRun(i));
      }
      // 200 programs start on their own: the upserts go 8 at a time, not one after the other.
      ExecutorService starters = Executors.newFixedThreadPool(8, daemon("load-start"));
      long upsertMax = 0;
      try {
        List<java.util.concurrent.Future<Long>> upserts = new ArrayList<>();
        for (SimRun r : runs) {
          upserts.add(starters.submit(r::upsert));
        }
        for (java.util.concurrent.Future<Long> u : upserts) {
          upsertMax = Math.max(upsertMax, u.get());
        }
      } finally {
        starters.shutdownNow();
      }
      progress.accept(String.format(Locale.ROOT,
          "%d runs created; logging for %.0f s of warm-up and %.0f s measured", o.runs(),
          o.warmup().toMillis() / 1000.0, o.duration().toMillis() / 1000.0));
      ProcStat serverStat = new ProcStat(server.process.pid());
      long[] peakRss = {0};
      long[] peakThreads = {0};
      long start = System.nanoTime();
      long logPeriod = (long) (1e9 / o.rate());
      Random random = new Random(42);
      List<ScheduledFuture<?>> tasks = new ArrayList<>();
      long first = start + TimeUnit.MILLISECONDS.toNanos(100); // time to schedule them all
      for (SimRun r : runs) {
        // Random phases: 200 training programs do not log in step.
        long logAt = first + (long) (random.nextDouble() * logPeriod);
        long flushAt = first + (long) (random.nextDouble() * FLUSH_MILLIS * 1_000_000);
        long sampleAt = first + (long) (random.nextDouble() * SYSTEM_SAMPLE_MILLIS * 1_000_000);
        long now = System.nanoTime();
        tasks.add(clock.scheduleAtFixedRate(r::logRow, logAt - now, logPeriod,
            TimeUnit.NANOSECONDS));
        tasks.add(clock.scheduleAtFixedRate(r::systemSample, sampleAt - now,
            SYSTEM_SAMPLE_MILLIS * 1_000_000, TimeUnit.NANOSECONDS));
        // The flusher goes on after the logging ends: it retries what failed until acknowledged.
        clock.scheduleAtFixedRate(r.flusher(flushAt), flushAt - now, FLUSH_MILLIS * 1_000_000,
            TimeUnit.NANOSECONDS);
      }
      ScheduledFuture<?> sampler = clock.scheduleAtFixedRate(() -> {
        peakRss[0] = Math.max(peakRss[0], serverStat.status("VmRSS:") * 1024);
        peakThreads[0] = Math.max(peakThreads[0], serverStat.status("Threads:"));
      }, 0, 1, TimeUnit.SECONDS);
      // A server runs for days: the first seconds of a fresh JVM (its JIT compiling the ingest
      // path) are load, errors and data but not figures.
      long measureStart = start + o.warmup().toNanos();
      long end = measureStart + o.duration().toNanos();
      long generatorCpu0 = 0;
      double serverCpu0 = 0;
      long rows0 = 0;
      long nextNews = start + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < end) {
        long until = measuring ? end : measureStart;
        Thread.sleep(Math.max(0, Math.min(1000, (until - System.nanoTime()) / 1_000_000)));
        if (!measuring && System.nanoTime() >= measureStart) {
          generatorCpu0 = processCpuNanos();
          serverCpu0 = serverStat.cpuSeconds();
          rows0 = clock.submit(() -> runs.stream().mapToLong(r -> r.rowsLogged).sum()).get();
          measuring = true;
          progress.accept("warm-up over: measuring");
        }
        if (System.nanoTime() >= nextNews) {
          nextNews += TimeUnit.SECONDS.toNanos(30);
          progress.accept(String.format(Locale.ROOT,
              "%3.0f s: %,d requests, %,d errors, RSS %,d MB, p99 so far %.1f ms",
              (System.nanoTime() - start) / 1e9, sentRequests.get(), errorCount.get(),
              serverStat.status("VmRSS:") / 1024, scheduled.percentileSoFar(99) / 1000.0));
        }
      }
      for (ScheduledFuture<?> t : tasks) {
        t.cancel(false);
      }
      // finish(): the exit record, then wait until every frame is acknowledged.
      clock.submit(() -> runs.forEach(SimRun::finish)).get();
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (runs.stream().anyMatch(SimRun::busy) && System.nanoTime() < drainDeadline) {
        Thread.sleep(50);
      }
      double loadSeconds = (System.nanoTime() - measureStart) / 1e9;
      double serverCpu = serverStat.cpuSeconds() - serverCpu0;
      double generatorCpu = (processCpuNanos() - generatorCpu0) / 1e9;
      sampler.cancel(false);
      peakRss[0] = Math.max(peakRss[0], server.peakRssBytes());
      String loadAfter = loadAverage();
      progress.accept("checking every run's history on the server");
      List<String> countProblems = new ArrayList<>();
      for (SimRun r : runs) {
        String p = r.check();
        if (p != null) {
          countProblems.add(p);
        }
      }
      clock.shutdownNow();
      answers.shutdownNow();
      long rows = runs.stream().mapToLong(r -> r.rowsLogged).sum();
      return new Result(o, measuredRequests.get(), errorCount.get(), List.copyOf(errors),
          service.toArray(), scheduled.toArray(), rows - rows0, rows, loadSeconds, upsertMax,
          peakRss[0],
          serverCpu, generatorCpu, peakThreads[0], countProblems, loadBefore, loadAfter);
    }

    private void error(String what) {
      errorCount.incrementAndGet();
      if (errors.size() < MAX_ERRORS_KEPT) {
        errors.add(what);
      }
    }

    /**
     * One simulated training program. Its frames are appended on the clock thread; what is sent
     * and the request in flight are guarded by the instance's monitor.
     */
    private final class SimRun {
      final String id;
      final String writer = UUID.randomUUID().toString();
      final RunStart start;
      final double startTime = System.currentTimeMillis() / 1000.0;
      final long startNanos = System.nanoTime();
      final Random random;
      /** Frames logged since the last flush (the SDK's write buffer); clock thread only. */
      final ByteArrayOutputStream buffered = new ByteArrayOutputStream(8192);
      /** Frames flushed and not yet sent (the run log past the sender's position). */
      final ByteArrayOutputStream ready = new ByteArrayOutputStream(8192);
      long seq;
      long rowsLogged;
      long lastSeqReady;
      long lastSeqAcked;
      /** The flush tick at which {@link #ready} came due to be sent, nanoTime; 0 when not due. */
      long dueSince;
      /** The earliest tick at which the next batch may go: a second after the last one's. */
      long nextSendAt;
      boolean sending;
      boolean finished;
      /** The exit record's sequence number, once written; read by the main thread. */
      volatile long finalSeq = -1;

      SimRun(int index) {
        this.id = String.format(Locale.ROOT, "load-%04d", index);
        this.random = new Random(index);
        this.start = new RunStart(id, "admin", PROJECT, null, null, List.of(), null, null,
            Map.of("lr", 0.001, "batch_size", 64, "index", index), startTime, writer, "online");
      }

      /** Creates the run as {@code Vane.init} does; returns how long it took in microseconds. */
      long upsert() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(requests.request(Endpoints.RUNS,
                Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(
                VaneJson.records().writeValueAsBytes(start))).build(),
            HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1000;
        if (r.statusCode() / 100 != 2) {
          throw new IOException("upsert of " + id + " -> " + r.statusCode() + ": " + r.body());
        }
        append(start);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("os", "Linux");
        meta.put("java", System.getProperty("java.version"));
        meta.put("host", "load-" + id);
        meta.put("program", "dev.vane.bench.LoadBenchmark");
        meta.put("cpuCount", 2);
        append(new RunMetadata(meta));
        return micros;
      }

      void append(RecordPayload record) {
        byte[] frame = FrameCodec.encode(record.type().code(), ++seq, RecordCodec.encode(record));
        buffered.write(frame, 0, frame.length);
      }

      /** One {@code run.log} of K keys: a history row, as the SDK writes it. */
      void logRow() {
        if (finished) {
          return;
        }
        long step = rowsLogged;
        Map<String, Object> values = new LinkedHashMap<>(keyNames.length * 2 + 6);
        for (int k = 0; k < keyNames.length; k++) {
          values.put(keyNames[k], Math.exp(-step / 2000.0 - k / 50.0)
              + random.nextGaussian() * 0.01);
        }
        values.put(HistoryRow.STEP, step);
        long micros = (System.nanoTime() - startNanos) / 1000;
        values.put(HistoryRow.RUNTIME, micros / 1e6);
        values.put(HistoryRow.TIMESTAMP, startTime + micros / 1e6);
        append(new HistoryRow(values));
        rowsLogged++;
      }

      /** The SDK's system sample: 20 {@code system.*} values. */
      void systemSample() {
        if (finished) {
          return;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        String[] names = {"cpu", "proc.cpu", "memory_percent", "proc.memory.availableMB",
            "proc.memory.rssMB", "proc.memory.percent", "proc.cpu.threads", "jvm.heap.usedMB",
            "jvm.heap.committedMB", "jvm.gc.timeMs", "jvm.gc.count", "jvm.threads", "disk.in",
            "disk.out", "disk.usagePercent", "disk.usageGB", "network.sent", "network.recv",
            "gpu.0.gpu", "gpu.0.memoryAllocated"};
        for (String n : names) {
          v.put("system." + n, Math.round(random.nextDouble() * 10_000) / 100.0);
        }
        double runtime = (System.nanoTime() - startNanos) / 1e9;
        append(new SystemSample(v, startTime + runtime, runtime));
      }

      /** The flusher and the sender's wake-up every 200 ms, ticking from {@code firstTick}. */
      Runnable flusher(long firstTick) {
        long[] tick = {firstTick};
        return () -> {
          long due = tick[0]; // the time this tick was scheduled for, however late it runs
          tick[0] += FLUSH_MILLIS * 1_000_000;
          flush(due);
        };
      }

      void flush(long due) {
        synchronized (this) {
          if (buffered.size() > 0) {
            ready.writeBytes(buffered.toByteArray());
            buffered.reset();
            lastSeqReady = seq;
          }
          if (ready.size() > 0 && dueSince == 0 && (finished || due - nextSendAt >= 0)) {
            dueSince = due;
          }
          if (!sending && dueSince != 0) {
            send();
          }
        }
      }

      /** Appends the exit record and flushes it, as {@code finish()} does. */
      void finish() {
        double runtime = (System.nanoTime() - startNanos) / 1e9;
        append(new RunExit(0, startTime + runtime, runtime, null));
        finished = true;
        finalSeq = seq;
        flush(System.nanoTime());
      }

      synchronized boolean busy() {
        return finalSeq < 0 || lastSeqAcked < finalSeq;
      }

      /** Posts everything ready; the caller holds the monitor. */
      private void send() {
        byte[] body = ready.toByteArray();
        long batchLastSeq = lastSeqReady;
        long due = dueSince;
        ready.reset();
        dueSince = 0;
        nextSendAt = due + SEND_INTERVAL_MILLIS * 1_000_000;
        sending = true;
        HttpRequest req = requests.request(Endpoints.records("admin", PROJECT, id), SEND_TIMEOUT)
            .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
            .header(Endpoints.WRITER_HEADER, writer)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> f =
            client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
        f.whenComplete((res, failure) -> answered(body, batchLastSeq, due, sent, res, failure));
      }

      private void answered(byte[] body, long batchLastSeq, long due, long sent,
          HttpResponse<byte[]> res, Throwable failure) {
        long now = System.nanoTime();
        sentRequests.incrementAndGet();
        if (measuring) {
          measuredRequests.incrementAndGet();
          service.add((now - sent) / 1000);
          scheduled.add((now - due) / 1000);
        }
        boolean ok = false;
        if (failure != null) {
          error(id + " records ..." + batchLastSeq + ": " + failure);
        } else if (res.statusCode() / 100 != 2) {
          error(id + " records ..." + batchLastSeq + ": HTTP " + res.statusCode() + " "
              + new String(res.body(), StandardCharsets.UTF_8));
        } else {
          try {
            IngestResult ir = VaneJson.records().readValue(res.body(), IngestResult.class);
            if (ir.lastSeq() != batchLastSeq) {
              error(id + ": sent up to " + batchLastSeq + ", server lastSeq " + ir.lastSeq());
            }
            ok = true;
            synchronized (this) {
              lastSeqAcked = Math.max(lastSeqAcked, ir.lastSeq());
            }
          } catch (IOException | RuntimeException e) {
            error(id + ": unreadable answer: " + e);
          }
        }
        synchronized (this) {
          sending = false;
          if (!ok) {
            // Keep the frames, as the SDK does (its position moves only on an answer): they go
            // again, before anything flushed since; the server skips what it already has.
            byte[] later = ready.toByteArray();
            ready.reset();
            ready.write(body, 0, body.length);
            ready.write(later, 0, later.length);
            if (dueSince == 0 || due - dueSince < 0) {
              dueSince = due;
            }
            // The SDK backs off 0.5 s at first; the next tick retries here, a little sooner.
            return;
          }
          if (dueSince != 0) {
            send(); // a batch that came due while this one was in flight goes at once
          }
        }
      }

      /** Checks the run on the server: finished, every logged step once; a problem or null. */
      String check() throws Exception {
        String run = Endpoints.run("admin", PROJECT, id);
        JsonNode view = get(run);
        long length = view.path("historyLength").asLong(-1);
        String state = view.path("state").asText();
        JsonNode rows = get(run + "/history?keys=" + keyNames[0] + "," + keyNames[o.keys() - 1])
            .path("rows");
        long expected = 0;
        for (JsonNode row : rows) {
          if (row.path(HistoryRow.STEP).asLong(-1) != expected
              || !row.has(keyNames[0]) || !row.has(keyNames[o.keys() - 1])) {
            return id + ": row " + expected + " of the history is " + row;
          }
          expected++;
        }
        if (length != rowsLogged || expected != rowsLogged || !"finished".equals(state)) {
          return String.format(Locale.ROOT,
              "%s: logged %d steps; server historyLength %d, history rows %d, state %s", id,
              rowsLogged, length, expected, state);
        }
        return null;
      }

      private JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> r = client.send(requests.request(path, Duration.ofSeconds(60))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IOException("GET " + path + " -> " + r.statusCode());
        }
        return VaneJson.records().readTree(r.body());
      }
    }
  }

  /** Latencies in microseconds, appended from the answer threads. */
  private static final class Latencies {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long micros) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = micros;
    }

    synchronized long percentileSoFar(double p) {
      return percentile(toArray(), p);
    }

    synchronized long[] toArray() {
      long[] a = Arrays.copyOf(values, size);
      Arrays.sort(a);
      return a;
    }
  }

  /** The {@code p}th percentile (nearest rank) of sorted values; 100 is the maximum; 0 if none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  /** CPU time and status lines of a Linux process, from {@code /proc}. */
  private static final class ProcStat {
    private final Path stat;
    private final Path status;
    private final double ticksPerSecond = 100; // USER_HZ: 100 on every Linux the bench runs on

    ProcStat(long pid) {
      this.stat = Path.of("/proc", Long.toString(pid), "stat");
      this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    /** User plus system CPU seconds of the process so far; 0 when unreadable. */
    double cpuSeconds() {
      try {
        String s = Files.readString(stat);
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticksPerSecond;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /** A number field of {@code /proc/PID/status} ({@code VmRSS:} in KiB); 0 when unreadable. */
    long status(String field) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith(field)) {
            return Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        return 0;
      }
      return 0;
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Collections.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
