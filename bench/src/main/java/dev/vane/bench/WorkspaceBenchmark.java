package dev.vane.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI's workspace under load: a project of R runs x M metrics x S steps (default 100 x 20
 * x 10,000) in a server process from {@code cli/target/vane.jar}, opened in Debian's headless
 * Chromium. The page marks, with the Performance API, when its first chart and all its charts are
 * painted; this prints those times (from navigation start) for a few loads against the goals (1 s
 * and 3 s). Usage: {@code bench/run-workspace [--runs R] [--metrics M] [--steps S] [--loads N]}.
 */
public final class WorkspaceBenchmark {
  private WorkspaceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = 100;
    int metrics = 20;
    int steps = 10_000;
    int loads = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int v = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--runs" -> runs = v;
        case "--metrics" -> metrics = v;
        case "--steps" -> steps = v;
        case "--loads" -> loads = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path data = Files.createTempDirectory("vane-workspace-bench");
    try (ServerProcess server =
        ServerProcess.start(Path.of("cli/target/vane.jar"), data, List.of("-Xmx1g"), List.of())) {
      long t0 = System.nanoTime();
      ingest(server, runs, metrics, steps);
      double ingestSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("prepared %d runs x %d metrics x %d steps (%,d points) in %.1f s%n",
          runs, metrics, steps, (long) runs * metrics * steps, ingestSeconds);
      measure(server, loads);
    }
  }

  private static void ingest(ServerProcess server, int runs, int metrics, int steps)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      int run = r;
      done.add(pool.submit(() -> {
        FramePoster p = new FramePoster(server.baseUrl, server.key, "workspace",
            String.format("run-%03d", run));
        Map<String, Double> row = new LinkedHashMap<>();
        for (int s = 0; s < steps; s++) {
          for (int m = 0; m < metrics; m++) {
            // three sections, as a real workspace has: train/, val/ and the top level
            String key = (m % 3 == 0 ? "train/" : m % 3 == 1 ? "val/" : "") + "metric" + m;
            row.put(key, Math.exp(-s / (2000.0 + run)) + 0.01 * Math.sin(s * 0.05 + m));
          }
          p.row(s, row);
        }
        p.finish();
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static void measure(ServerProcess server, int loads) throws Exception {
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1600,1000");
    ChromeDriver driver = new ChromeDriver(o);
    try {
      driver.get(server.baseUrl + "/login?token=" + server.key);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      System.out.println();
      System.out.println("| load | first chart painted (ms) | all charts painted (ms) | charts |");
      System.out.println("|---:|---:|---:|---:|");
      List<Double> firsts = new ArrayList<>();
      List<Double> alls = new ArrayList<>();
      for (int i = 1; i <= loads; i++) {
        driver.get(server.baseUrl + "/admin/workspace");
        JavascriptExecutor js = driver;
        wait.until(d -> ((Number) js.executeScript(
            "return performance.getEntriesByName('vane:all-charts').length")).intValue() > 0);
        double first = ((Number) js.executeScript(
            "return performance.getEntriesByName('vane:first-chart')[0].startTime")).doubleValue();
        double all = ((Number) js.executeScript(
            "return performance.getEntriesByName('vane:all-charts')[0].startTime")).doubleValue();
        long charts = ((Number) js.executeScript(
            "return document.querySelectorAll('.chart canvas').length")).longValue();
        System.out.printf("| %d | %.0f | %.0f | %d |%n", i, first, all, charts);
        firsts.add(first);
        alls.add(all);
      }
      firsts.sort(null);
      alls.sort(null);
      double f = firsts.get(firsts.size() / 2);
      double a = alls.get(alls.size() / 2);
      System.out.printf("%nmedian: first chart %.0f ms (goal <= 1000: %s), all charts %.0f ms"
          + " (goal <= 3000: %s)%n", f, f <= 1000 ? "met" : "missed", a, a <= 3000 ? "met" : "missed");
    } finally {
      driver.quit();
    }
  }
}
