package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RunStart;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import dev.vane.protocol.wire.UpsertResult;
import dev.vane.server.ingest.RecordIngester;
import dev.vane.server.ingest.RunNameGenerator;
import dev.vane.server.ingest.RunUpsert;
import dev.vane.server.store.ApiKey;
import dev.vane.server.store.Database;
import dev.vane.server.store.Entity;
import dev.vane.server.store.HistoryQuery;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Role;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFilter;
import dev.vane.server.store.RunPage;
import dev.vane.server.store.RunQuery;
import dev.vane.server.store.RunQueryException;
import dev.vane.server.store.RunState;
import dev.vane.server.store.StoredFile;
import dev.vane.server.store.TeamMember;
import dev.vane.server.store.User;
import dev.vane.server.store.Visibility;
import dev.vane.server.store.history.HistoryBatch;
import dev.vane.server.store.postgres.PostgresDatabase;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every database backend keeps: each store interface, history through {@link
 * dev.vane.server.store.HistoryStore} only, locking under concurrent writers, and ingest through a
 * real HTTP server. Subclasses name the backend by handing out a fresh empty database per test.
 */
abstract class BackendContract {
  @TempDir Path dir;
  Database db;

  /** Options for a server on a new, empty database with its data in the folder. */
  abstract ServerOptions freshServer(Path dataDir);

  /** Opens the database the options name, as the server would. */
  static Database open(ServerOptions options) {
    return options.databaseUrl() == null
        ? SqliteDatabase.open(options.dataDir().resolve("vane.db"))
        : PostgresDatabase.open(options.databaseUrl());
  }

  @BeforeEach
  void openDatabase() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("db"));
    db = open(freshServer(dir.resolve("db")));
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  // ---- users and keys ----

  @Test
  void usersAndKeys() {
    assertEquals(0L, (long) db.<Long>read(s -> s.users().count()));
    User alice = db.write(s -> s.users().create("alice", false, 1000));
    User admin = db.write(s -> s.users().create("root", true, 2000));
    assertNotEquals(alice.id(), admin.id());
    db.write(
        s -> {
          s.users().addKey(alice.id(), "a".repeat(64), 3000);
          s.users().addKey(alice.id(), "b".repeat(64), 3000);
          return null;
        });
    assertEquals(2L, (long) db.<Long>read(s -> s.users().count()));
    assertEquals(Optional.of(alice), db.read(s -> s.users().byName("alice")));
    assertEquals(Optional.of(admin), db.read(s -> s.users().byName("root")));
    assertTrue(db.read(s -> s.users().byName("root")).orElseThrow().admin());
    assertEquals(Optional.of(alice), db.read(s -> s.users().byKeyHash("b".repeat(64))));
    assertEquals(Optional.empty(), db.read(s -> s.users().byKeyHash("c".repeat(64))));
    assertEquals(Optional.empty(), db.read(s -> s.users().byName("bob")));
    // a user owns the entity of its name
    assertEquals(
        1000L, db.read(s -> s.entities().byName("alice").orElseThrow().createdAt()).longValue());
    // the lock exists on every backend and leaves the count readable
    assertEquals(
        2L,
        (long)
            db.<Long>write(
                s -> {
                  s.users().lockForUpdate();
                  return s.users().count();
                }));
  }

  @Test
  void keysHaveIdsPrefixesAndLabelsAndAreRevokedOnlyByTheirOwner() {
    User alice = db.write(s -> s.users().create("alice", false, 1000));
    User bob = db.write(s -> s.users().create("bob", false, 1000));
    long first = db.write(s -> s.users().addKey(alice.id(), "a".repeat(64), "AbCd", "laptop", 5));
    long second = db.write(s -> s.users().addKey(alice.id(), "b".repeat(64), null, null, 6));
    assertEquals(
        List.of(new ApiKey(first, "AbCd", "laptop", 5), new ApiKey(second, null, null, 6)),
        db.read(s -> s.users().keys(alice.id())));
    assertFalse(db.<Boolean>write(s -> s.users().revokeKey(bob.id(), first)));
    assertTrue(db.<Boolean>write(s -> s.users().revokeKey(alice.id(), first)));
    assertEquals(Optional.empty(), db.read(s -> s.users().byKeyHash("a".repeat(64))));
    assertEquals(Optional.of(alice), db.read(s -> s.users().byKeyHash("b".repeat(64))));
    assertEquals(List.of("alice", "bob"), db.read(s -> s.users().list()).stream().map(User::name).toList());
  }

  @Test
  void teamsHaveMembersWithRolesAndNamesAreSharedWithUsers() {
    User alice = db.write(s -> s.users().create("alice", false, 1000));
    User bob = db.write(s -> s.users().create("bob", false, 1000));
    assertFalse(db.read(s -> s.entities().byName("alice")).orElseThrow().team());
    Entity team = db.write(s -> s.entities().create("acme", true, 10)).orElseThrow();
    assertTrue(team.team());
    assertEquals(Optional.empty(), db.write(s -> s.entities().create("acme", true, 11)));
    assertEquals(Optional.empty(), db.write(s -> s.entities().create("alice", true, 11)));
    assertThrows(IllegalStateException.class, () -> db.write(s -> s.users().create("acme", false, 12)));
    db.write(
        s -> {
          s.teams().lockForUpdate(team.id());
          s.teams().put(team.id(), alice.id(), Role.ADMIN, 20);
          s.teams().put(team.id(), bob.id(), Role.VIEWER, 21);
          s.teams().put(team.id(), bob.id(), Role.MEMBER, 22); // a change keeps "since"
          return null;
        });
    assertEquals(Optional.of(Role.MEMBER), db.read(s -> s.teams().role(team.id(), bob.id())));
    assertEquals(
        List.of(
            new TeamMember("acme", "alice", Role.ADMIN, 20),
            new TeamMember("acme", "bob", Role.MEMBER, 21)),
        db.read(s -> s.teams().members(team.id())));
    assertEquals(
        List.of(new TeamMember("acme", "bob", Role.MEMBER, 21)),
        db.read(s -> s.teams().teamsOf(bob.id())));
    assertTrue(db.<Boolean>write(s -> s.teams().remove(team.id(), bob.id())));
    assertFalse(db.<Boolean>write(s -> s.teams().remove(team.id(), bob.id())));
    assertEquals(Optional.empty(), db.read(s -> s.teams().role(team.id(), bob.id())));
    // A project takes its entity's default visibility, or the one given, and can change it.
    Project p = db.write(s -> s.projects().ensure(team, "p", 30));
    assertEquals(Visibility.TEAM, p.visibility());
    Entity own = db.read(s -> s.entities().byName("alice")).orElseThrow();
    assertEquals(Visibility.PRIVATE, db.write(s -> s.projects().ensure(own, "q", 30)).visibility());
    Project r = db.write(s -> s.projects().ensure(team, "r", Visibility.PUBLIC, alice.id(), 31));
    assertEquals(alice.id(), (long) r.createdBy());
    db.write(
        s -> {
          s.projects().setVisibility(r.id(), Visibility.PRIVATE);
          return null;
        });
    assertEquals(
        Visibility.PRIVATE, db.read(s -> s.projects().find("acme", "r")).orElseThrow().visibility());
  }

  @Test
  void aFailedWriteLeavesNothing() {
    assertThrows(
        IllegalStateException.class,
        () ->
            db.write(
                s -> {
                  s.users().create("ghost", false, 1);
                  throw new IllegalStateException("rolled back");
                }));
    assertEquals(0L, (long) db.<Long>read(s -> s.users().count()));
    assertEquals(Optional.empty(), db.read(s -> s.entities().byName("ghost")));
  }

  // ---- entities and projects ----

  @Test
  void entitiesAreCreatedOnce() {
    Entity e = db.write(s -> s.entities().ensure("team", 10));
    assertEquals(e, db.write(s -> s.entities().ensure("team", 20)));
    assertEquals(Optional.of(e), db.read(s -> s.entities().byName("team")));
    assertEquals(Optional.empty(), db.read(s -> s.entities().byName("other")));
    assertNotEquals(e.id(), db.write(s -> s.entities().ensure("other", 30)).id());
  }

  @Test
  void projectsAreCreatedOnceListedByNameAndCountRuns() {
    Entity e = db.write(s -> s.entities().ensure("team", 10));
    Project b = db.write(s -> s.projects().ensure(e, "b-proj", 11));
    Project a = db.write(s -> s.projects().ensure(e, "a-proj", 12));
    assertEquals(b, db.write(s -> s.projects().ensure(e, "b-proj", 13)));
    assertEquals(List.of("a-proj", "b-proj"), names(db.read(s -> s.projects().list(e.id()))));
    assertEquals(Optional.of(a), db.read(s -> s.projects().find("team", "a-proj")));
    assertEquals(Optional.empty(), db.read(s -> s.projects().find("team", "c-proj")));
    assertEquals(1L, (long) db.<Long>write(s -> s.projects().nextRunNumber(a.id())));
    assertEquals(2L, (long) db.<Long>write(s -> s.projects().nextRunNumber(a.id())));
    assertEquals(1L, (long) db.<Long>write(s -> s.projects().nextRunNumber(b.id())));
    createRun(a, "r1", 100);
    createRun(a, "r2", 200);
    db.write(
        s -> {
          s.projects().lockForUpdate(a.id());
          return null;
        });
    assertEquals(Map.of(a.id(), 2L, b.id(), 0L), db.read(s -> s.projects().runCounts(e.id())));
    Entity other = db.write(s -> s.entities().ensure("other", 14));
    assertEquals(Map.of(), db.read(s -> s.projects().runCounts(other.id())));
  }

  // ---- runs ----

  @Test
  void runsKeepTheirDetailsAndProgress() {
    Project p = project();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("lr", 0.01);
    config.put("layers", List.of(1, 2));
    config.put("name", "Grüße ✓");
    Run created =
        db.write(
            s ->
                s.runs()
                    .create(
                        new NewRun(
                            p.id(),
                            "r".repeat(64),
                            new Run.RunDetails(
                                "n".repeat(128), null, List.of("x", "y"), null, null),
                            config,
                            "writer-1",
                            100,
                            150)));
    assertEquals("r".repeat(64), created.id());
    assertEquals(RunState.RUNNING, created.progress().state());
    assertEquals(config, created.progress().config());
    assertEquals(List.of("x", "y"), created.details().tags());
    assertNull(created.details().notes());
    assertEquals(150L, created.progress().heartbeatAt());
    assertNull(created.progress().finishedAt());
    assertEquals(Optional.of(created), db.read(s -> s.runs().find(p.id(), created.id())));
    assertEquals(Optional.of(created), db.write(s -> s.runs().findForUpdate(p.id(), created.id())));
    assertEquals(Optional.empty(), db.write(s -> s.runs().findForUpdate(p.id(), "missing")));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("loss", Double.NaN);
    summary.put("best", Double.POSITIVE_INFINITY);
    summary.put("text", "NaN");
    summary.put("big", Long.MAX_VALUE);
    summary.put("nested", Map.of("a", true));
    Run.RunProgress progress =
        new Run.RunProgress(
            RunState.FAILED,
            config,
            summary,
            Map.of("loss", Map.of("summary", List.of("min"))),
            42,
            7,
            3,
            "boom",
            500,
            400L,
            600L);
    db.write(
        s -> {
          s.runs().updateProgress(created.pk(), progress);
          s.runs()
              .updateDetails(
                  created.pk(),
                  new Run.RunDetails("renamed", "notes\nline 2", List.of(), "g", "train"),
                  700);
          return null;
        });
    Run read = db.read(s -> s.runs().find(p.id(), created.id())).orElseThrow();
    assertEquals(RunState.FAILED, read.progress().state());
    assertEquals(summary.keySet(), read.progress().summary().keySet());
    assertTrue(((Double) read.progress().summary().get("loss")).isNaN());
    assertEquals(Double.POSITIVE_INFINITY, read.progress().summary().get("best"));
    assertEquals("NaN", read.progress().summary().get("text"));
    assertEquals(Long.MAX_VALUE, ((Number) read.progress().summary().get("big")).longValue());
    assertEquals(progress.metrics(), read.progress().metrics());
    assertEquals(42L, read.progress().lastSeq());
    assertEquals(7L, read.progress().historyLength());
    assertEquals(3, read.progress().exitCode());
    assertEquals("boom", read.progress().exitError());
    assertEquals(600L, read.progress().finishedAt());
    assertEquals(700L, read.progress().updatedAt());
    assertEquals(
        new Run.RunDetails("renamed", "notes\nline 2", List.of(), "g", "train"), read.details());
  }

  @Test
  void runsArePagedNewestFirstAndDeletedIdsStayTaken() {
    Project p = project();
    for (int i = 0; i < 5; i++) {
      createRun(p, "r" + i, 1000 + (i / 2)); // pairs share a creation time: the pk breaks ties
    }
    List<String> seen = new ArrayList<>();
    RunPage.Position after = null;
    do {
      RunPage.Position from = after;
      RunPage page = db.read(s -> s.runs().list(p.id(), from, 2));
      page.runs().forEach(r -> seen.add(r.id()));
      after = page.next();
    } while (after != null);
    assertEquals(List.of("r4", "r3", "r2", "r1", "r0"), seen);

    Run r2 = db.read(s -> s.runs().find(p.id(), "r2")).orElseThrow();
    assertFalse(db.<Boolean>read(s -> s.runs().isDeleted(p.id(), "r2")));
    db.write(
        s -> {
          s.runs().delete(r2, 5000);
          return null;
        });
    assertTrue(db.<Boolean>read(s -> s.runs().isDeleted(p.id(), "r2")));
    assertEquals(Optional.empty(), db.read(s -> s.runs().find(p.id(), "r2")));
    assertEquals(4, db.read(s -> s.runs().list(p.id(), null, 10)).runs().size());
  }

  @Test
  void runListsAreFilteredByGroupJobTypeAndStateAcrossPages() {
    Project p = project();
    for (int i = 0; i < 6; i++) {
      String id = "r" + i;
      Run run = createRun(p, id, 1000 + (i / 2)); // pairs share a creation time
      Run.RunDetails details =
          new Run.RunDetails(
              id, null, List.of(), i % 2 == 0 ? "even" : "odd", i < 3 ? "low" : "high");
      db.write(
          s -> {
            s.runs().updateDetails(run.pk(), details, 2000);
            return null;
          });
      if (i % 3 == 0) {
        setProgress(run, RunState.FINISHED, 3000L);
      }
    }
    assertEquals(List.of("r4", "r2", "r0"), listAll(p, new RunFilter("even", null, null), 1));
    assertEquals(List.of("r5", "r3", "r1"), listAll(p, new RunFilter("odd", null, null), 2));
    assertEquals(List.of("r5", "r4", "r3"), listAll(p, new RunFilter(null, "high", null), 2));
    assertEquals(
        List.of("r3", "r0"), listAll(p, new RunFilter(null, null, RunState.FINISHED), 1));
    assertEquals(List.of("r4"), listAll(p, new RunFilter("even", "high", RunState.RUNNING), 1));
    assertEquals(List.of(), listAll(p, new RunFilter("none", null, null), 3));
    assertEquals(6, listAll(p, RunFilter.ALL, 4).size());
  }

  private List<String> listAll(Project p, RunFilter filter, int limit) {
    List<String> seen = new ArrayList<>();
    RunPage.Position after = null;
    do {
      RunPage.Position from = after;
      RunPage page = db.read(s -> s.runs().list(p.id(), filter, from, limit));
      assertTrue(page.runs().size() <= limit);
      page.runs().forEach(r -> seen.add(r.id()));
      after = page.next();
    } while (after != null);
    return seen;
  }

  // ---- run list filters and orders (RunQuery) ----

  private static final long T0 = 1_800_000_000_000L;
  private static final long QUERY_NOW = T0 + 100_000;

  /**
   * Five runs r0..r4 created a second apart from T0 (and an archived r5 that no list shows):
   *
   * <pre>
   * run name    state     config                       summary             tags   group job   notes  runtime
   * r0  alpha   finished  lr 0.1, opt adam, layers 2,  acc 0.5,            a, b   g1    train first  10 s
   *                       flag true, "optimizer.lr" 0.3  "train/loss" 1
   * r1  beta    running   lr 0.01, opt sgd             acc 0.9             b      g1    eval  second 99 s
   * r2  gamma   crashed   lr 1, opt adam               acc "n/a"           -      g2    -     -       3 s
   * r3  delta   finished  lr "auto", opt Adam          -                   c      -     train -      20 s
   * r4  alpha-2 running   -                            acc 0.7             a      g2    -     -      96 s
   * </pre>
   */
  private Project queryRuns() {
    Project p = project();
    queryRun(p, 0, "alpha", RunState.FINISHED, 10_000, Map.of("lr", 0.1, "opt", "adam",
        "layers", 2, "flag", true, "optimizer.lr", 0.3), Map.of("acc", 0.5, "train/loss", 1),
        List.of("a", "b"), "g1", "train", "first");
    queryRun(p, 1, "beta", RunState.RUNNING, 5_000, Map.of("lr", 0.01, "opt", "sgd"),
        Map.of("acc", 0.9), List.of("b"), "g1", "eval", "second");
    queryRun(p, 2, "gamma", RunState.CRASHED, 3_000, Map.of("lr", 1, "opt", "adam"),
        Map.of("acc", "n/a"), List.of(), "g2", null, null);
    queryRun(p, 3, "delta", RunState.FINISHED, 20_000, Map.of("lr", "auto", "opt", "Adam"),
        Map.of(), List.of("c"), null, "train", null);
    queryRun(p, 4, "alpha-2", RunState.RUNNING, 1_000, Map.of(), Map.of("acc", 0.7),
        List.of("a"), "g2", null, null);
    Run r5 = queryRun(p, 5, "alpha", RunState.FINISHED, 1_000, Map.of("lr", 0.5), Map.of(),
        List.of("a"), "g1", null, null);
    db.write(
        s -> {
          s.runs().archive(r5.pk(), "r5-archived", T0 + 50_000);
          return null;
        });
    return p;
  }

  /** A run created at T0 + i s whose last heartbeat (and end, unless running) is after. */
  private Run queryRun(Project p, int i, String name, RunState state, long lastAfter,
      Map<String, Object> config, Map<String, Object> summary, List<String> tags, String group,
      String jobType, String notes) {
    long created = T0 + i * 1000L;
    long last = created + lastAfter;
    return db.write(
        s -> {
          Run run =
              s.runs()
                  .create(
                      new NewRun(p.id(), "r" + i,
                          new Run.RunDetails(name, notes, tags, group, jobType), config, "w",
                          created, created));
          s.runs().updateProgress(run.pk(), new Run.RunProgress(state, config, summary, Map.of(),
              1, 0, null, null, last, last, state == RunState.RUNNING
                  || state == RunState.CRASHED ? null : last));
          return run;
        });
  }

  /** The IDs of every matching run, page by page. */
  private List<String> query(Project p, RunFilter simple, String filter, String order,
      int limit) {
    RunQuery q = RunQuery.parse(filter, order);
    List<String> seen = new ArrayList<>();
    RunPage.Position after = null;
    do {
      RunPage.Position from = after;
      RunPage page = db.read(s -> s.runs().list(p.id(), simple, q, from, limit, QUERY_NOW));
      assertTrue(page.runs().size() <= limit);
      page.runs().forEach(r -> seen.add(r.id()));
      after = page.next();
      if (after != null) {
        assertEquals(QUERY_NOW, after.now(), "later pages keep the first page's time");
      }
    } while (after != null);
    return seen;
  }

  /** Asserts the filter's runs newest first, as one page and in pages of 2. */
  private void assertFilter(Project p, String filter, String... ids) {
    for (int limit : new int[] {2, 10}) {
      assertEquals(List.of(ids), query(p, RunFilter.ALL, filter, null, limit),
          filter + " limit " + limit);
    }
  }

  /** Asserts the order, with pages of 1, 2 and 3. */
  private void assertOrder(Project p, String filter, String order, String... ids) {
    for (int limit = 1; limit <= 3; limit++) {
      assertEquals(List.of(ids), query(p, RunFilter.ALL, filter, order, limit),
          filter + " " + order + " limit " + limit);
    }
  }

  private static String iso(long millis) {
    return java.time.Instant.ofEpochMilli(millis).toString();
  }

  @Test
  void runFiltersOnTextFields() {
    Project p = queryRuns();
    assertFilter(p, "{\"name\":\"alpha\"}", "r0");
    assertFilter(p, "{\"name\":{\"$eq\":\"alpha\"}}", "r0");
    assertFilter(p, "{\"name\":{\"$ne\":\"alpha\"}}", "r4", "r3", "r2", "r1");
    assertFilter(p, "{\"name\":{\"$gt\":\"beta\"}}", "r3", "r2");
    assertFilter(p, "{\"name\":{\"$gte\":\"beta\"}}", "r3", "r2", "r1");
    assertFilter(p, "{\"name\":{\"$lt\":\"alpha-2\"}}", "r0");
    assertFilter(p, "{\"name\":{\"$lte\":\"alpha-2\"}}", "r4", "r0");
    assertFilter(p, "{\"name\":{\"$in\":[\"beta\",\"delta\",\"zeta\"]}}", "r3", "r1");
    assertFilter(p, "{\"name\":{\"$nin\":[\"beta\",\"delta\"]}}", "r4", "r2", "r0");
    assertFilter(p, "{\"name\":{\"$regex\":\"^alpha\"}}", "r4", "r0");
    assertFilter(p, "{\"name\":{\"$regex\":\"a-\\\\d|mm\"}}", "r4", "r2");
    assertFilter(p, "{\"name\":5}");
    assertFilter(p, "{\"name\":{\"$gt\":5}}");
    assertFilter(p, "{\"name\":{\"$ne\":5}}", "r4", "r3", "r2", "r1", "r0");
    assertFilter(p, "{\"id\":{\"$in\":[\"r1\",\"r2\",\"r5\"]}}", "r2", "r1");
    assertFilter(p, "{\"state\":\"running\"}", "r4", "r1");
    assertFilter(p, "{\"group\":null}", "r3");
    assertFilter(p, "{\"group\":{\"$ne\":\"g1\"}}", "r4", "r3", "r2");
    assertFilter(p, "{\"group\":{\"$exists\":true}}", "r4", "r2", "r1", "r0");
    assertFilter(p, "{\"notes\":{\"$exists\":true}}", "r1", "r0");
    assertFilter(p, "{\"jobType\":{\"$exists\":false}}", "r4", "r2");
    assertFilter(p, "{\"jobType\":{\"$nin\":[\"train\"]}}", "r4", "r2", "r1");
  }

  @Test
  void runFiltersOnTimesAndRuntime() {
    Project p = queryRuns();
    assertFilter(p, "{\"createdAt\":{\"$gte\":\"" + iso(T0 + 3000) + "\"}}", "r4", "r3");
    assertFilter(p, "{\"createdAt\":{\"$lt\":\"" + iso(T0 + 1000) + "\"}}", "r0");
    assertFilter(p, "{\"createdAt\":\"" + iso(T0 + 2000) + "\"}", "r2");
    assertFilter(p, "{\"createdAt\":{\"$within\":\"97s\"}}", "r4", "r3");
    assertFilter(p, "{\"heartbeatAt\":{\"$within\":\"90s\"}}", "r3", "r0");
    assertFilter(p, "{\"updatedAt\":{\"$within\":\"1s\"}}");
    assertFilter(p, "{\"finishedAt\":{\"$exists\":true}}", "r3", "r0");
    assertFilter(p, "{\"finishedAt\":null}", "r4", "r2", "r1");
    assertFilter(p, "{\"heartbeatAt\":{\"$lte\":\"" + iso(T0 + 6000) + "\"}}", "r4", "r2", "r1");
    assertFilter(p, "{\"updatedAt\":{\"$eq\":\"" + iso(T0 + 10_000) + "\"}}", "r0");
    assertFilter(p, "{\"updatedAt\":{\"$gt\":\"" + iso(T0 + 10_000) + "\"}}", "r3");
    assertFilter(p, "{\"runtimeSeconds\":{\"$gt\":15}}", "r4", "r3", "r1");
    assertFilter(p, "{\"runtimeSeconds\":{\"$lte\":10}}", "r2", "r0");
    assertFilter(p, "{\"runtimeSeconds\":{\"$in\":[3, 20]}}", "r3", "r2");
    assertFilter(p, "{\"runtimeSeconds\":\"3\"}");
  }

  @Test
  void runFiltersOnTags() {
    Project p = queryRuns();
    assertFilter(p, "{\"tags\":\"a\"}", "r4", "r0");
    assertFilter(p, "{\"tags\":{\"$eq\":\"b\"}}", "r1", "r0");
    assertFilter(p, "{\"tags\":{\"$ne\":\"a\"}}", "r3", "r2", "r1");
    assertFilter(p, "{\"tags\":{\"$in\":[\"b\",\"c\"]}}", "r3", "r1", "r0");
    assertFilter(p, "{\"tags\":{\"$nin\":[\"b\",\"c\"]}}", "r4", "r2");
    assertFilter(p, "{\"tags\":{\"$exists\":false}}", "r2");
    assertFilter(p, "{\"tags\":{\"$regex\":\"^[bc]$\"}}", "r3", "r1", "r0");
    assertFilter(p, "{\"tags\":1}");
  }

  @Test
  void runFiltersOnConfigAndSummary() {
    Project p = queryRuns();
    assertFilter(p, "{\"config.lr\":{\"$gt\":0.05}}", "r2", "r0");
    assertFilter(p, "{\"config.lr\":{\"$lt\":0.05}}", "r1");
    assertFilter(p, "{\"config.lr\":{\"$gte\":0.1,\"$lte\":1}}", "r2", "r0");
    assertFilter(p, "{\"config.lr\":1}", "r2");
    assertFilter(p, "{\"config.lr\":\"auto\"}", "r3");
    assertFilter(p, "{\"config.lr\":{\"$gte\":\"a\"}}", "r3");
    assertFilter(p, "{\"config.lr\":{\"$in\":[0.01,\"auto\"]}}", "r3", "r1");
    assertFilter(p, "{\"config.lr\":{\"$nin\":[0.01,\"auto\"]}}", "r4", "r2", "r0");
    assertFilter(p, "{\"config.lr\":{\"$ne\":1}}", "r4", "r3", "r1", "r0");
    assertFilter(p, "{\"config.lr\":{\"$exists\":false}}", "r4");
    assertFilter(p, "{\"config.lr\":null}", "r4");
    assertFilter(p, "{\"config.flag\":true}", "r0");
    assertFilter(p, "{\"config.flag\":false}");
    assertFilter(p, "{\"config.flag\":1}");
    assertFilter(p, "{\"config.opt\":{\"$regex\":\"^[Aa]d\"}}", "r3", "r2", "r0");
    assertFilter(p, "{\"config.opt\":{\"$regex\":\"(?i)^ADAM$\"}}", "r3", "r2", "r0");
    assertFilter(p, "{\"config.lr\":{\"$regex\":\"1\"}}");
    assertFilter(p, "{\"config.optimizer.lr\":0.3}", "r0");
    assertFilter(p, "{\"summary.train/loss\":{\"$lt\":2}}", "r0");
    assertFilter(p, "{\"summary.acc\":{\"$gt\":0.6}}", "r4", "r1");
    assertFilter(p, "{\"summary.acc\":{\"$exists\":true}}", "r4", "r2", "r1", "r0");
  }

  @Test
  void runFiltersNestAndOrAndCombineWithTheSimpleFilters() {
    Project p = queryRuns();
    assertFilter(p, "{\"$or\":[{\"state\":\"crashed\"},{\"$and\":[{\"tags\":\"a\"},"
        + "{\"summary.acc\":{\"$gte\":0.6}}]}]}", "r4", "r2");
    assertFilter(p, "{\"$and\":[{\"group\":\"g1\"},{\"$or\":[{\"jobType\":\"eval\"},"
        + "{\"notes\":\"first\"}]}]}", "r1", "r0");
    assertFilter(p, "{\"group\":\"g1\",\"state\":\"finished\"}", "r0");
    assertEquals(List.of("r4"),
        query(p, new RunFilter("g2", null, null), "{\"state\":\"running\"}", null, 1));
    assertEquals(List.of("r1"),
        query(p, new RunFilter(null, null, RunState.RUNNING), "{\"tags\":\"b\"}", "+name", 1));
  }

  @Test
  void runOrdersPutMissingValuesLastAndPageThroughEveryRun() {
    Project p = queryRuns();
    assertOrder(p, null, "+config.lr", "r1", "r0", "r2", "r3", "r4");
    assertOrder(p, null, "-config.lr", "r2", "r0", "r1", "r3", "r4");
    assertOrder(p, null, "-summary.acc", "r1", "r4", "r0", "r2", "r3");
    assertOrder(p, null, "+config.opt", "r3", "r2", "r0", "r1", "r4");
    assertOrder(p, null, "+group,-name", "r1", "r0", "r2", "r4", "r3");
    assertOrder(p, null, "-group", "r4", "r2", "r1", "r0", "r3");
    assertOrder(p, null, "+runtimeSeconds", "r2", "r0", "r3", "r4", "r1");
    assertOrder(p, null, "-finishedAt", "r3", "r0", "r4", "r2", "r1");
    assertOrder(p, null, "+createdAt", "r0", "r1", "r2", "r3", "r4");
    assertOrder(p, null, "-createdAt", "r4", "r3", "r2", "r1", "r0");
    assertOrder(p, null, "+name", "r0", "r4", "r1", "r3", "r2");
    assertOrder(p, null, "-state,+id", "r1", "r4", "r0", "r3", "r2");
    assertOrder(p, null, "+jobType,+notes", "r1", "r0", "r3", "r4", "r2");
    assertOrder(p, "{\"state\":{\"$ne\":\"crashed\"}}", "-summary.acc", "r1", "r4", "r0", "r3");
    assertOrder(p, "{\"config.opt\":{\"$regex\":\"^[Aa]\"}}", "-config.lr", "r2", "r0", "r3");
  }

  @Test
  void aRegexTheDatabaseCannotRunIsTheFiltersFault() {
    Project p = queryRuns();
    // Named groups are Java only: SQLite (Java's engine) runs the filter, PostgreSQL refuses it.
    String filter = "{\"name\":{\"$regex\":\"(?<word>gam)ma\"}}";
    if (!(db instanceof PostgresDatabase)) {
      assertEquals(List.of("r2"), query(p, RunFilter.ALL, filter, null, 10));
      return;
    }
    RunQueryException e =
        assertThrows(RunQueryException.class, () -> query(p, RunFilter.ALL, filter, null, 10));
    assertEquals("filter", e.parameter());
    assertTrue(e.getMessage().contains("PostgreSQL cannot run the regular expression"),
        e.getMessage());
    // The failed statement left the database usable.
    assertEquals(List.of("r2"), query(p, RunFilter.ALL, "{\"name\":\"gamma\"}", null, 10));
  }

  @Test
  void aPositionOfAnotherOrderIsRefused() {
    Project p = queryRuns();
    RunPage first = db.read(s -> s.runs().list(p.id(), null, 1));
    RunQuery byName = RunQuery.parse(null, "-name");
    RunQueryException e =
        assertThrows(
            RunQueryException.class,
            () -> db.read(s -> s.runs().list(p.id(), RunFilter.ALL, byName, first.next(), 1,
                QUERY_NOW)));
    assertEquals("cursor", e.parameter());
  }

  // ---- history, through the HistoryStore interface only ----

  @Test
  void historyMergesStepsAndCountsOnlyNewOnes() {
    Run run = createRun(project(), "h1", 1);
    long added =
        db.write(
            s ->
                s.history()
                    .put(
                        run.pk(),
                        List.of(
                            row(0, "loss", 1.0),
                            row(1, "loss", 0.5),
                            row(1, "acc", 0.25),
                            row(2, "loss", 0.25))));
    assertEquals(3L, added);
    // step 1 again: its keys replace stored ones, other keys stay; step 3 is new
    assertEquals(
        1L,
        (long)
            db.<Long>write(
                s -> s.history().put(run.pk(), List.of(row(1, "loss", 0.4), row(3, "x", 1L)))));
    List<Map<String, Object>> rows = db.read(s -> s.history().read(run.pk(), HistoryQuery.all()));
    assertEquals(List.of(0L, 1L, 2L, 3L), steps(rows));
    assertEquals(0.4, rows.get(1).get("loss"));
    assertEquals(0.25, rows.get(1).get("acc"));
    assertEquals(0L, (long) db.<Long>write(s -> s.history().put(run.pk(), List.of())));
  }

  @Test
  void historyKeepsValueTypesExactly() {
    Run run = createRun(project(), "h2", 1);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("_step", 0L);
    values.put("double", 0.1 + 0.2);
    values.put("tiny", Double.MIN_VALUE);
    values.put("nan", Double.NaN);
    values.put("inf", Double.NEGATIVE_INFINITY);
    values.put("long", Long.MIN_VALUE);
    values.put("flag", true);
    values.put("word", "héllo \"quoted\" \\ ✓");
    db.write(s -> s.history().put(run.pk(), List.of(values)));
    Map<String, Object> back = db.read(s -> s.history().read(run.pk(), HistoryQuery.all())).get(0);
    assertEquals(0.1 + 0.2, back.get("double"));
    assertEquals(Double.MIN_VALUE, back.get("tiny"));
    assertTrue(((Double) back.get("nan")).isNaN());
    assertEquals(Double.NEGATIVE_INFINITY, back.get("inf"));
    assertEquals(Long.MIN_VALUE, ((Number) back.get("long")).longValue());
    assertEquals(true, back.get("flag"));
    assertEquals("héllo \"quoted\" \\ ✓", back.get("word"));
  }

  @Test
  void historyIsCutByStepsKeysAndLimitAndDeletedWithItsRun() {
    Project p = project();
    Run run = createRun(p, "h3", 1);
    Run other = createRun(p, "h4", 2);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long step = 0; step < 10; step++) {
      rows.add(step % 2 == 0 ? row(step, "even", step) : row(step, "odd", step));
    }
    db.write(s -> s.history().put(run.pk(), rows));
    db.write(s -> s.history().put(other.pk(), List.of(row(0, "even", 99L))));
    assertEquals(
        List.of(3L, 4L, 5L),
        steps(db.read(s -> s.history().read(run.pk(), new HistoryQuery(null, 3L, 5L, null)))));
    assertEquals(
        List.of(0L, 1L),
        steps(db.read(s -> s.history().read(run.pk(), new HistoryQuery(null, null, null, 2)))));
    List<Map<String, Object>> odd =
        db.read(s -> s.history().read(run.pk(), new HistoryQuery(Set.of("odd"), 2L, null, 2)));
    assertEquals(List.of(3L, 5L), steps(odd));
    assertEquals(Set.of("_step", "_runtime", "_timestamp", "odd"), odd.get(0).keySet());
    db.write(
        s -> {
          s.history().deleteAll(run.pk());
          return null;
        });
    assertEquals(List.of(), db.read(s -> s.history().read(run.pk(), HistoryQuery.all())));
    assertEquals(1, db.read(s -> s.history().read(other.pk(), HistoryQuery.all())).size());
  }

  @Test
  void systemMetricsAreASeparateStoreDeletedWithItsRun() {
    Project p = project();
    Run run = createRun(p, "sys1", 1);
    db.write(s -> s.history().put(run.pk(), List.of(row(0, "loss", 1.0))));
    HistoryBatch samples = new HistoryBatch();
    for (long ms = 1000; ms <= 5000; ms += 1000) {
      samples.putDouble("system.cpu", ms / 100.0);
      samples.putLong("system.jvm.threads", 12);
      samples.endRow(ms);
    }
    db.write(s -> s.system().put(run.pk(), samples));
    assertEquals(
        List.of("system.cpu", "system.jvm.threads"), db.read(s -> s.system().keys(run.pk())));
    assertEquals(
        List.of("_step", "_runtime", "_timestamp", "loss"),
        db.read(s -> s.history().keys(run.pk())));
    assertEquals(0, db.read(s -> s.history().sampled(run.pk(), "system.cpu", 10, null, null))
        .size());
    var buckets = db.read(s -> s.system().sampled(run.pk(), "system.cpu", 10, null, null));
    assertEquals(5, buckets.size());
    assertEquals(1000L, buckets.get(0).minStep());
    assertEquals(50.0, buckets.get(4).last());
    db.write(
        s -> {
          s.system().deleteAll(run.pk());
          return null;
        });
    assertEquals(List.of(), db.read(s -> s.system().keys(run.pk())));
    assertEquals(1, db.read(s -> s.history().read(run.pk(), HistoryQuery.all())).size());
  }

  // ---- file metadata ----

  @Test
  void fileMetadataIsReplacedListedByNameAndDeleted() {
    Run run = createRun(project(), "f1", 1);
    String longName = "d/".repeat(300) + "x".repeat(1024 - 600);
    db.write(
        s -> {
          s.files().put(run.pk(), new StoredFile("b.txt", 1, "1".repeat(64), 10));
          s.files().put(run.pk(), new StoredFile("a/c.bin", 2, "2".repeat(64), 11));
          s.files().put(run.pk(), new StoredFile("b.txt", 3, "3".repeat(64), 12));
          s.files().put(run.pk(), new StoredFile(longName, 4, "4".repeat(64), 13));
          return null;
        });
    List<StoredFile> files = db.read(s -> s.files().list(run.pk()));
    assertEquals(
        List.of("a/c.bin", "b.txt", longName), files.stream().map(StoredFile::name).toList());
    assertEquals(
        Optional.of(new StoredFile("b.txt", 3, "3".repeat(64), 12)),
        db.read(s -> s.files().find(run.pk(), "b.txt")));
    assertEquals(Optional.empty(), db.read(s -> s.files().find(run.pk(), "nope")));
    db.write(
        s -> {
          s.files().deleteAll(run.pk());
          return null;
        });
    assertEquals(List.of(), db.read(s -> s.files().list(run.pk())));
  }

  // ---- writers at once: what the locks promise ----

  @Test
  void concurrentUpsertsOfOneRunCreateItOnce() throws Exception {
    db.write(s -> s.users().create("admin", true, 1));
    User admin = db.read(s -> s.users().byName("admin")).orElseThrow();
    RunUpsert upsert = new RunUpsert(db, new RunNameGenerator());
    List<Callable<UpsertResult>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "u" + (i % 2); // four writers race on each of two runs
      calls.add(() -> upsert.upsert(admin, TestServer.runRecord("race", id)));
    }
    List<UpsertResult> results = runAll(calls);
    assertEquals(2, results.stream().filter(UpsertResult::created).count());
    Project p = db.read(s -> s.projects().find("admin", "race")).orElseThrow();
    long admins = db.read(s -> s.entities().byName("admin").orElseThrow().id());
    assertEquals(2L, db.read(s -> s.projects().runCounts(admins)).get(p.id()));
    assertEquals(
        3L, (long) db.<Long>write(s -> s.projects().nextRunNumber(p.id())), "one number per run");
  }

  @Test
  void concurrentIngestOfOneRunAppliesEachRecordOnce() throws Exception {
    db.write(s -> s.users().create("admin", true, 1));
    User admin = db.read(s -> s.users().byName("admin")).orElseThrow();
    RunStart start = TestServer.runRecord("race", "i1");
    new RunUpsert(db, new RunNameGenerator()).upsert(admin, start);
    RecordIngester ingester = new RecordIngester(db);
    int steps = 60;
    // Every writer sends the same batches in order; each record must be applied exactly once.
    List<Callable<Void>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      writers.add(
          () -> {
            for (int first = 0; first < steps; first += 5) {
              ingester.ingest("admin", "race", "i1", batch("race", "i1", first, 5));
            }
            return null;
          });
    }
    runAll(writers);
    Run run =
        db.read(s -> s.projects().find("admin", "race").flatMap(p -> s.runs().find(p.id(), "i1")))
            .orElseThrow();
    assertEquals(steps + 1, run.progress().lastSeq(), "the run record, then one per step");
    assertEquals(steps, run.progress().historyLength());
    List<Map<String, Object>> rows = db.read(s -> s.history().read(run.pk(), HistoryQuery.all()));
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < steps; i++) {
      expected.add(i);
    }
    assertEquals(expected, steps(rows));
  }

  // ---- through the HTTP server ----

  @Test
  void ingestThroughTheServerIsIdempotent() throws Exception {
    try (TestServer t = TestServer.start(freshServer(dir.resolve("server")))) {
      assertEquals(200, t.upsert(TestServer.runStart("http", "r1")).status());
      byte[] first =
          TestServer.frames(
              1,
              TestServer.runRecord("http", "r1"),
              IngestTest.row(0, "loss", 0.5),
              IngestTest.row(1, "loss", 0.25, "note", "ok", "done", false));
      JsonNode applied = t.ingest("http", "r1", first).json();
      assertEquals(3, applied.get("applied").asInt());
      assertEquals(0, t.ingest("http", "r1", first).json().get("applied").asInt(), "a retry");
      TestServer.Response gap = t.ingest("http", "r1", TestServer.frames(9, IngestTest.row(2)));
      assertEquals("sequence_gap", gap.errorCode(), gap.text());
      JsonNode last =
          t.ingest("http", "r1", TestServer.frames(4, IngestTest.row(2, "loss", 0.125))).json();
      assertEquals(1, last.get("applied").asInt(), last.toString());
      assertEquals(4, last.get("lastSeq").asInt(), last.toString());
      JsonNode history = t.history("http", "r1");
      assertEquals(3, history.size());
      assertEquals("ok", history.get(1).get("note").asText());
      assertFalse(history.get(1).get("done").asBoolean());
      JsonNode run = t.run("http", "r1");
      assertEquals(3, run.get("historyLength").asInt(), run.toString());
      assertEquals(0.125, run.get("summary").get("loss").asDouble());

      // files, a patch and a delete go through the run lock
      byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
      assertEquals(200, t.put(Endpoints.file("admin", "http", "r1", "a/b.txt"), bytes).status());
      assertEquals("hello", t.get(Endpoints.file("admin", "http", "r1", "a/b.txt")).text());
      assertEquals(
          200, t.patch(Endpoints.run("admin", "http", "r1"), "{\"notes\":\"n\"}").status());
      assertEquals("n", t.run("http", "r1").get("notes").asText());
      assertEquals(204, t.delete(Endpoints.run("admin", "http", "r1")).status());
      assertEquals("run_deleted", t.upsert(TestServer.runStart("http", "r1")).errorCode());
    }
  }

  @Test
  void textWithANulCharacterIsRefusedOnEveryBackend() throws Exception {
    // PostgreSQL cannot store U+0000 in text; the API refuses it everywhere rather than differ.
    try (TestServer t = TestServer.start(freshServer(dir.resolve("server")))) {
      Map<String, Object> start = TestServer.runStart("nul", "r1");
      start.put("notes", "a\u0000b");
      TestServer.Response r = t.upsert(start);
      assertEquals(400, r.status(), r.text());
      assertEquals("invalid_argument", r.errorCode());
      assertEquals(200, t.upsert(TestServer.runStart("nul", "r1")).status());
      TestServer.Response p =
          t.patch(Endpoints.run("admin", "nul", "r1"), "{\"name\":\"x\\u0000\"}");
      assertEquals(400, p.status(), p.text());
      assertEquals("invalid_argument", p.errorCode());
      // elsewhere (config, summary, history) text is JSON, where U+0000 is an escape: kept exactly
      t.ingest(
          "nul",
          "r1",
          TestServer.frames(
              1, TestServer.runRecord("nul", "r1"), IngestTest.row(0, "word", "a\u0000b")));
      assertEquals("a\u0000b", t.history("nul", "r1").get(0).get("word").asText());
    }
  }

  @Test
  void dataSurvivesARestartOfTheServer() throws Exception {
    ServerOptions options = freshServer(dir.resolve("server"));
    try (TestServer t = TestServer.start(options)) {
      assertTrue(t.server.initialAdminKey().isPresent());
      t.upsert(TestServer.runStart("again", "r1"));
      t.ingest(
          "again",
          "r1",
          TestServer.frames(1, TestServer.runRecord("again", "r1"), IngestTest.row(0, "x", 1)));
    }
    try (TestServer t = TestServer.start(options)) {
      assertFalse(t.server.initialAdminKey().isPresent(), "the admin is created once");
      assertEquals(1, t.history("again", "r1").size());
      assertTrue(
          t.upsert(TestServer.runStart("again", "r2")).json().get("name").asText().endsWith("-2"));
    }
  }

  // ---- helpers ----

  // ---- crash sweep ----

  @Test
  void theCrashSweepMarksOnlyStaleRunningRuns() {
    Project p = project();
    Run stale = createRun(p, "stale", 100);
    Run fresh = createRun(p, "fresh", 100);
    Run finished = createRun(p, "finished", 100);
    Run failed = createRun(p, "failed", 100);
    // heartbeats: stale and the ended runs at 1000, fresh at 9000; the clock at 10000, timeout 5 s
    setProgress(stale, RunState.RUNNING, 1000L);
    setProgress(fresh, RunState.RUNNING, 9000L);
    setProgress(finished, RunState.FINISHED, 1000L);
    setProgress(failed, RunState.FAILED, 1000L);
    HeartbeatMonitor monitor = monitor(10_000);
    assertEquals(1, monitor.sweep());
    assertEquals(RunState.CRASHED, state(p, "stale"));
    assertEquals(RunState.RUNNING, state(p, "fresh"));
    assertEquals(RunState.FINISHED, state(p, "finished"));
    assertEquals(RunState.FAILED, state(p, "failed"));
    Run crashed = db.read(s -> s.runs().find(p.id(), "stale")).orElseThrow();
    assertEquals(10_000L, crashed.progress().updatedAt());
    assertEquals(1000L, crashed.progress().heartbeatAt(), "the last heartbeat is kept");
    assertEquals(0, monitor.sweep(), "marked once");
    // exactly at the timeout is not yet a crash; a millisecond later is
    assertEquals(0, monitor(14_000).sweep());
    assertEquals(1, monitor(14_001).sweep());
    assertEquals(RunState.CRASHED, state(p, "fresh"));
  }

  @Test
  void concurrentSweepsMarkEachRunOnce() throws Exception {
    Project p = project();
    for (int i = 0; i < 10; i++) {
      setProgress(createRun(p, "r" + i, 100), RunState.RUNNING, 1000L);
    }
    List<Callable<Integer>> sweeps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sweeps.add(() -> monitor(10_000).sweep());
    }
    List<Integer> marked = runAll(sweeps);
    assertEquals(
        10, marked.stream().filter(n -> n > 0).mapToInt(Integer::intValue).sum(), marked.toString());
    for (int i = 0; i < 10; i++) {
      assertEquals(RunState.CRASHED, state(p, "r" + i));
    }
  }

  @Test
  void stoppedIsStickyAndKeptByProgressWrites() {
    Project p = project();
    Run run = createRun(p, "s", 100);
    assertFalse(run.stopped());
    db.write(
        s -> {
          s.runs().markStopped(run.pk(), 200);
          return null;
        });
    setProgress(run, RunState.RUNNING, 300L);
    Run read = db.read(s -> s.runs().find(p.id(), "s")).orElseThrow();
    assertTrue(read.stopped());
  }

  /** A monitor with a 5 s crash timeout whose clock stands still at {@code millis}. */
  private HeartbeatMonitor monitor(long millis) {
    java.time.Clock clock =
        java.time.Clock.fixed(java.time.Instant.ofEpochMilli(millis), java.time.ZoneOffset.UTC);
    return new HeartbeatMonitor(db, java.time.Duration.ofSeconds(5), clock);
  }

  private RunState state(Project p, String id) {
    return db.read(s -> s.runs().find(p.id(), id)).orElseThrow().progress().state();
  }

  private void setProgress(Run run, RunState state, Long heartbeatAt) {
    Run.RunProgress old = run.progress();
    db.write(
        s -> {
          s.runs()
              .updateProgress(
                  run.pk(),
                  new Run.RunProgress(
                      state,
                      old.config(),
                      old.summary(),
                      old.metrics(),
                      old.lastSeq(),
                      old.historyLength(),
                      state == RunState.RUNNING ? null : 0,
                      null,
                      heartbeatAt,
                      heartbeatAt,
                      state == RunState.RUNNING ? null : heartbeatAt));
          return null;
        });
  }

  private Project project() {
    return db.write(s -> s.projects().ensure(s.entities().ensure("team", 1), "proj", 1));
  }

  private Run createRun(Project p, String id, long createdAt) {
    return db.write(
        s ->
            s.runs()
                .create(
                    new NewRun(
                        p.id(),
                        id,
                        new Run.RunDetails(id, null, List.of(), null, null),
                        Map.of(),
                        "w",
                        createdAt,
                        createdAt)));
  }

  static Map<String, Object> row(long step, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(HistoryRow.STEP, step);
    m.put(HistoryRow.RUNTIME, step * 0.5);
    m.put(HistoryRow.TIMESTAMP, 1.7e9 + step);
    m.put(key, value);
    return m;
  }

  /**
   * Frames of history rows at steps {@code first} to {@code first + count - 1}, each at sequence
   * number step + 2; the first batch starts with the run record at 1.
   */
  static byte[] batch(String project, String id, int first, int count) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (first == 0) {
      out.writeBytes(TestServer.frames(1, TestServer.runRecord(project, id)));
    }
    for (int step = first; step < first + count; step++) {
      HistoryRow row = IngestTest.row(step, "loss", 1.0 / (step + 1));
      out.writeBytes(
          FrameCodec.encode(
              row.type().code(), step + 2, dev.vane.protocol.RecordCodec.encode(row)));
    }
    return out.toByteArray();
  }

  static List<Long> steps(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> ((Number) r.get(HistoryRow.STEP)).longValue()).toList();
  }

  private static List<String> names(List<Project> projects) {
    return projects.stream().map(Project::name).toList();
  }

  static <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<T>> futures = pool.invokeAll(calls);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
