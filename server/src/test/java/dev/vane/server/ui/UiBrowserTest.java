package dev.vane.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordPayload;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.server.TestServerAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in Debian's headless Chromium (installed by {@code .ci/run}) over a real server:
 * login by token, a chart per metric, regex search, sorting, editing, stop, logs, delete with a
 * confirmation, and a run name that is HTML staying text. Screenshots go to {@code
 * target/ui-screenshots/}.
 */
class UiBrowserTest {
  private static final String P = "ui";
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final String LONG = "a-very-long-run-name-that-goes-on-and-on-to-the-end";

  @TempDir static Path dir;
  static TestServerAccess t;
  static WebDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium"))
            && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
        "the UI tests need Debian's chromium and chromium-driver: "
            + "apt-get install -y chromium chromium-driver (.ci/run does)");
    t = TestServerAccess.start(dir);
    run("alpha-1", "alpha", 0.9, true, false);
    run("beta-2", "beta", 0.5, true, true);
    run("live-3", "live", 0.7, false, false);
    run("xss-4", XSS, 0.3, true, false);
    run("long-5", LONG, 1.5, true, false);
    run("g-6", "g-one", 1.0, true, false);
    run("g-7", "g-two", 2.0, true, false);
    for (String id : List.of("g-6", "g-7")) {
      assertEquals(200, t.patch(Endpoints.run("admin", P, id), "{\"group\":\"sweep\"}").status());
    }
    assertEquals(200, t.put(Endpoints.file("admin", P, "alpha-1", "notes/readme.txt"),
        "hello from a file\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status());
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    driver = new ChromeDriver(o);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    // Charts are redrawn as data arrives: an element found a moment ago may be replaced.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (t != null) {
      t.close();
    }
  }

  /** A run with 20 rows of loss and acc (loss ending at {@code lastLoss}), and console lines. */
  private static void run(String id, String name, double lastLoss, boolean ended, boolean fails) {
    Map<String, Object> start = TestServerAccess.runStart(P, id);
    start.put("name", name);
    assertEquals(200, t.upsert(start).status());
    List<RecordPayload> records = new ArrayList<>();
    records.add(new RunStart(id, "admin", P, name, null, List.of(), null, null, Map.of(), 1.7e9,
        "writer-1", "online"));
    for (int s = 0; s < 20; s++) {
      double loss = lastLoss + (19 - s) * 0.1;
      records.add(new HistoryRow(Map.of("_step", (long) s, "_runtime", s * 0.5, "loss", loss,
          "acc", 1 - loss / 3, "train/lr", 0.01)));
    }
    double now = System.currentTimeMillis() / 1000.0;
    records.add(new ConsoleLines(List.of(new ConsoleLine("stdout", now, "epoch 1 done"),
        new ConsoleLine("stderr", now, "warning: " + name),
        new ConsoleLine("stdout", now, "\u001b[31mred alert\u001b[0m plain"))));
    if (ended) {
      records.add(new RunExit(fails ? 1 : 0, now, 5, null));
    }
    assertEquals(200, t.ingest(P, id, TestServerAccess.frames(records)).status());
  }

  private static void shot(String name) throws Exception {
    Path out = Path.of("target", "ui-screenshots");
    Files.createDirectories(out);
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(out.resolve(name + ".png"), png);
  }

  private static String base() {
    return t.baseUrl();
  }

  private static void login() {
    driver.get(base() + "/login?token=" + t.adminKey());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a.project-link")));
  }

  private static void noAlert() {
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
  }

  @Test
  void loginShowsProjectsAndPagesNeedASession() throws Exception {
    driver.manage().deleteAllCookies();
    driver.get(base() + "/admin/" + P);
    wait.until(ExpectedConditions.urlContains("/login"));
    assertTrue(driver.getCurrentUrl().contains("next="), driver.getCurrentUrl());
    driver.get(base() + "/login?token=wrong");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failed")));
    login();
    WebElement project = driver.findElement(By.cssSelector("a.project-link"));
    assertEquals(P, project.getText());
    shot("home");
  }

  @Test
  void workspaceDrawsAChartPerMetricInSectionsAndSearchesByRegex() throws Exception {
    login();
    driver.get(base() + "/admin/" + P);
    wait.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 3);
    List<String> keys = new ArrayList<>();
    driver.findElements(By.cssSelector(".chart")).forEach(c -> keys.add(c.getAttribute("data-key")));
    assertEquals(List.of("acc", "loss", "train/lr"), keys);
    List<String> sections = new ArrayList<>();
    driver.findElements(By.cssSelector(".chart-section h3")).forEach(h -> sections.add(h.getText()));
    assertEquals(List.of("Charts", "train"), sections);
    int all = driver.findElements(By.cssSelector(".run-item")).size();
    assertTrue(all >= 3, "every run in the selector: " + all);
    shot("workspace");
    WebElement search = driver.findElement(By.cssSelector(".run-search"));
    search.sendKeys("^(alpha|live)");
    wait.until(d -> d.findElements(By.cssSelector(".run-item")).size() == 2);
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    wait.until(d -> d.findElements(By.cssSelector(".run-item")).size() == all);
    noAlert();
  }

  @Test
  void theXAxisCanBeRuntimeAndGroupedRunsDrawOneLine() throws Exception {
    login();
    driver.get(base() + "/admin/" + P);
    wait.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 3);
    List<String> xs = new ArrayList<>();
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.x-axis")))
        .getOptions().forEach(o -> xs.add(o.getAttribute("value")));
    assertEquals(List.of("_step", "_runtime", "_timestamp", "acc", "loss", "train/lr"), xs);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.x-axis")))
        .selectByValue("_runtime");
    wait.until(d -> d.findElements(By.cssSelector(".chart[data-key='loss'] .u-legend th"))
        .stream().anyMatch(th -> th.getText().contains("_runtime")));
    int onRuntime = Integer.parseInt(driver.findElement(By.cssSelector(".chart[data-key='loss']"))
        .getAttribute("data-points"));
    assertTrue(onRuntime >= 20 * 4, "every run's points, moved onto _runtime: " + onRuntime);
    driver.findElement(By.cssSelector("input.group-lines")).click();
    wait.until(d -> d.findElement(By.cssSelector(".chart[data-key='loss'] .u-legend")).getText()
        .contains("sweep (2 runs)"));
    String legend = driver.findElement(By.cssSelector(".chart[data-key='loss'] .u-legend")).getText();
    assertTrue(Integer.parseInt(driver.findElement(By.cssSelector(".chart[data-key='loss']"))
        .getAttribute("data-points")) > 0);
    assertFalse(legend.contains("g-one"), "the group's runs are one line: " + legend);
    shot("grouped");
    noAlert();
  }

  @Test
  void tableFiltersJoinedByAndOrRunOnTheServer() throws Exception {
    login();
    driver.get(base() + "/admin/" + P + "/table");
    wait.until(d -> d.findElements(By.cssSelector(".runs-table tbody tr")).size() >= 6);
    driver.findElement(By.cssSelector("button.add-filter")).click();
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.filter-field")))
        .selectByValue("summary.loss");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.filter-op")))
        .selectByValue("<");
    driver.findElement(By.cssSelector("input.filter-value")).sendKeys("0.6", Keys.ENTER);
    wait.until(d -> rowIds().stream().allMatch(id -> id.equals("xss-4") || id.equals("beta-2"))
        && rowIds().contains("xss-4"));
    driver.findElement(By.cssSelector("button.add-filter")).click();
    List<WebElement> fields = driver.findElements(By.cssSelector("select.filter-field"));
    new org.openqa.selenium.support.ui.Select(fields.get(1)).selectByValue("name");
    new org.openqa.selenium.support.ui.Select(
        driver.findElements(By.cssSelector("select.filter-op")).get(1)).selectByValue("regex");
    driver.findElements(By.cssSelector("input.filter-value")).get(1).sendKeys("^g-");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.filter-join")))
        .selectByValue("or");
    driver.findElement(By.cssSelector("button.apply-filters")).click();
    wait.until(d -> rowIds().containsAll(List.of("xss-4", "g-6", "g-7")));
    assertFalse(rowIds().contains("alpha-1"), rowIds().toString());
    shot("table-filtered");
    driver.findElement(By.cssSelector("input.filter-value")).sendKeys(Keys.chord(Keys.CONTROL, "a"),
        "not a number", Keys.ENTER);
    // A string compared with numbers matches nothing, without an error: the OR side remains.
    wait.until(d -> new java.util.HashSet<>(rowIds()).equals(java.util.Set.of("g-6", "g-7")));
    assertEquals("", driver.findElement(By.cssSelector(".filter-error")).getText());
    noAlert();
  }

  @Test
  void theWorkspaceSelectorFiltersRunsAndTheTableChoosesColumns() throws Exception {
    login();
    driver.get(base() + "/admin/" + P);
    wait.until(d -> d.findElements(By.cssSelector(".run-item")).size() >= 6);
    driver.findElement(By.cssSelector(".selector button.add-filter")).click();
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector(".selector select.filter-field")))
        .selectByValue("group");
    driver.findElement(By.cssSelector(".selector input.filter-value")).sendKeys("sweep", Keys.ENTER);
    wait.until(d -> d.findElements(By.cssSelector(".run-item")).size() == 2);
    wait.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 3);
    shot("workspace-filtered");

    driver.get(base() + "/admin/" + P + "/table");
    wait.until(d -> d.findElements(By.cssSelector("th[data-col='summary.acc']")).size() == 1);
    driver.findElement(By.cssSelector(".columns-menu summary")).click();
    driver.findElement(By.cssSelector(".columns-menu input[value='summary.acc']")).click();
    wait.until(d -> d.findElements(By.cssSelector("th[data-col='summary.acc']")).isEmpty());
    driver.navigate().refresh();
    wait.until(d -> d.findElements(By.cssSelector("th[data-col='summary.loss']")).size() == 1);
    assertTrue(driver.findElements(By.cssSelector("th[data-col='summary.acc']")).isEmpty(),
        "the choice is kept");
    driver.findElement(By.cssSelector(".columns-menu summary")).click();
    driver.findElement(By.cssSelector(".columns-menu input[value='summary.acc']")).click();
    wait.until(d -> d.findElements(By.cssSelector("th[data-col='summary.acc']")).size() == 1);
  }

  private static List<String> rowIds() {
    List<String> ids = new ArrayList<>();
    driver.findElements(By.cssSelector(".runs-table tbody tr"))
        .forEach(tr -> ids.add(tr.getAttribute("data-run")));
    return ids;
  }

  @Test
  void longNamesAreCroppedAsChosenAndTheChoiceIsKept() {
    login();
    driver.get(base() + "/admin/" + P);
    By longName = By.cssSelector(".run-item[data-run='long-5'] .run-name");
    wait.until(ExpectedConditions.presenceOfElementLocated(longName));
    String middle = driver.findElement(longName).getText();
    assertEquals(30, middle.length(), middle);
    assertTrue(middle.startsWith("a-very-long-ru") && middle.endsWith("-to-the-end")
        && middle.contains("…"), middle);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select.cropping")))
        .selectByValue("end");
    wait.until(d -> d.findElement(longName).getText().endsWith("…"));
    driver.navigate().refresh();
    wait.until(ExpectedConditions.presenceOfElementLocated(longName));
    assertTrue(driver.findElement(longName).getText().endsWith("…"), "the choice is kept");
    assertEquals(LONG, driver.findElement(longName).getAttribute("title"));
  }

  @Test
  void runsTableSortsAndAnHtmlNameStaysText() throws Exception {
    login();
    driver.get(base() + "/admin/" + P + "/table");
    // beta-2 may be gone already (the delete test shares the server)
    wait.until(d -> d.findElements(By.cssSelector(".runs-table tbody tr")).size() >= 3);
    driver.findElement(By.cssSelector("th[data-col='summary.loss']")).click();
    wait.until(d -> !rowIds().isEmpty() && rowIds().get(0).equals("xss-4")); // asked of the server
    List<WebElement> rows = driver.findElements(By.cssSelector(".runs-table tbody tr"));
    assertEquals("xss-4", rows.get(0).getAttribute("data-run"), "ascending loss: 0.3 first");
    assertEquals("g-7", rows.get(rows.size() - 1).getAttribute("data-run"), "2.0 last");
    WebElement name = driver.findElement(By.cssSelector("tr[data-run='xss-4'] a.run-name"));
    assertEquals(XSS, name.getText(), "shown as the characters it is");
    assertTrue(driver.findElements(By.cssSelector(".runs-table img")).isEmpty());
    noAlert();
    shot("table");
  }

  @Test
  void aRunIsRenamedDescribedTaggedAndItsLogsShown() throws Exception {
    login();
    String page = base() + "/admin/" + P + "/runs/alpha-1";
    driver.get(page);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.rename"))).click();
    driver.switchTo().alert().sendKeys("alpha renamed");
    driver.switchTo().alert().accept();
    wait.until(d -> "alpha renamed".equals(api("alpha-1").get("name").asText()));
    driver.findElement(By.cssSelector("button.edit-notes")).click();
    driver.findElement(By.cssSelector("textarea.notes-editor")).sendKeys("lr sweep, try 2");
    driver.findElement(By.cssSelector("button.save-notes")).click();
    wait.until(d -> "lr sweep, try 2".equals(api("alpha-1").get("notes").asText()));
    driver.findElement(By.cssSelector("input.add-tag")).sendKeys("best", Keys.ENTER);
    wait.until(d -> api("alpha-1").get("tags").toString().equals("[\"best\"]"));
    driver.navigate().refresh();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notes-value"),
        "lr sweep, try 2"));
    assertEquals("alpha renamed", driver.findElement(By.cssSelector(".run-title")).getText());
    shot("overview");

    driver.get(page + "/logs");
    wait.until(d -> d.findElements(By.cssSelector(".log-line")).size() == 3);
    assertEquals(1, driver.findElements(By.cssSelector(".log-line.stderr")).size());
    WebElement red = driver.findElement(By.cssSelector(".log-line .ansi-red"));
    assertEquals("red alert", red.getText(), "ANSI colours drawn, codes not shown");
    assertFalse(driver.findElement(By.cssSelector(".log-lines")).getText().contains("[31m"));
    shot("logs");

    driver.get(page + "/files");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("tr[data-file='notes/readme.txt'] button.preview-file"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre.file-text"),
        "hello from a file"));
    shot("files");
  }

  @Test
  void theStopButtonStopsARunningRun() {
    login();
    driver.get(base() + "/admin/" + P + "/runs/live-3");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.stop-run"))).click();
    wait.until(d -> api("live-3").get("stopped").asBoolean());
  }

  @Test
  void deleteAsksFirstAndCancelKeepsTheRun() throws Exception {
    login();
    driver.get(base() + "/admin/" + P + "/table");
    wait.until(d -> d.findElements(By.cssSelector(".runs-table tbody tr")).size() >= 3);
    driver.findElement(By.cssSelector("tr[data-run='beta-2'] input.select-run")).click();
    driver.findElement(By.cssSelector("button.delete-selected")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.confirm")));
    shot("delete-confirm");
    driver.findElement(By.cssSelector("dialog.confirm button.cancel")).click();
    assertEquals(200, t.get(Endpoints.run("admin", P, "beta-2")).status(), "cancel keeps it");
    driver.findElement(By.cssSelector("button.delete-selected")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("dialog.confirm button.ok")))
        .click();
    wait.until(d -> t.get(Endpoints.run("admin", P, "beta-2")).status() == 404);
    assertFalse(driver.findElements(By.cssSelector("tr[data-run='beta-2']")).size() > 0);
  }

  @Test
  void aReaderOfAPublicProjectSeesRunsButNoControlsToChangeThem() throws Exception {
    assertEquals(200, t.patch("/api/v1/projects/admin/" + P, "{\"visibility\":\"public\"}").status());
    String key = t.createUser("reader");
    try {
      driver.get(base() + "/login?token=" + key);
      driver.get(base() + "/admin/" + P + "/runs/live-3");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.overview")));
      assertTrue(driver.findElements(By.cssSelector("button.stop-run, button.delete-run")).isEmpty());
      assertTrue(driver.findElements(By.cssSelector("button.rename, button.edit-notes, input.add-tag")).isEmpty());
      shot("run-read-only");
      driver.get(base() + "/admin/" + P + "/table");
      wait.until(d -> d.findElements(By.cssSelector(".runs-table tbody tr")).size() >= 3);
      assertTrue(driver.findElements(By.cssSelector("button.delete-selected, button.tag-selected")).isEmpty());
    } finally {
      driver.get(base() + "/logout");
      assertEquals(200, t.patch("/api/v1/projects/admin/" + P, "{\"visibility\":\"private\"}").status());
    }
  }

  private static JsonNode api(String id) {
    return t.get(Endpoints.run("admin", P, id)).json();
  }
}
