package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.server.store.Database;
import dev.vane.server.store.NewRun;
import dev.vane.server.store.Project;
import dev.vane.server.store.Run;
import dev.vane.server.store.RunFilter;
import dev.vane.server.store.RunPage;
import dev.vane.server.store.RunQuery;
import dev.vane.server.store.RunState;
import dev.vane.server.store.postgres.PostgresDatabase;
import dev.vane.server.store.sqlite.SqliteDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run list figures on 100,000 runs of one project, printed, not asserted: run with {@code ./mvnw
 * -o -q verify -pl server -am -Dtest=RunListScaleTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dvane.scale=true} (add {@code -Dvane.test.postgres=true} for PostgreSQL too). Off by default
 * because filling the database takes a minute.
 */
@EnabledIfSystemProperty(named = "vane.scale", matches = "true")
class RunListScaleTest {
  private static final int RUNS = Integer.getInteger("vane.scale.runs", 100_000);
  private static final int LIMIT = 50;

  @TempDir Path dir;

  @Test
  void sqlite() {
    try (Database db = SqliteDatabase.open(dir.resolve("vane.db"))) {
      figures("SQLite", db);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "vane.test.postgres", matches = "true")
  void postgres() {
    try (TestPostgres pg = TestPostgres.start();
        Database db = PostgresDatabase.open(pg.freshDatabaseUrl())) {
      figures("PostgreSQL", db);
    }
  }

  private static void figures(String backend, Database db) {
    Project p = db.write(s -> s.projects().ensure(s.entities().ensure("team", 1), "scale", 1));
    long t0 = System.nanoTime();
    fill(db, p);
    System.out.printf("SCALE runs %s: created %,d runs in %.1f s%n",
        backend, RUNS, (System.nanoTime() - t0) / 1e9);
    time(backend, db, p, "no filter, -createdAt", null, null);
    time(backend, db, p, "config.opt = adam AND summary.loss < 0.5, -summary.acc",
        "{\"config.opt\":\"adam\",\"summary.loss\":{\"$lt\":0.5}}", "-summary.acc");
    time(backend, db, p, "$or of tags / state, +config.lr,-name",
        "{\"$or\":[{\"tags\":\"best\"},{\"state\":\"crashed\"}]}", "+config.lr,-name");
    time(backend, db, p, "name $regex, +runtimeSeconds",
        "{\"name\":{\"$regex\":\"^run-1[0-9]*7$\"}}", "+runtimeSeconds");
    time(backend, db, p, "rare: summary.acc >= 0.999, -summary.acc",
        "{\"summary.acc\":{\"$gte\":0.999}}", "-summary.acc");
  }

  private static void fill(Database db, Project p) {
    Random random = new Random(11);
    String[] opts = {"adam", "sgd", "adamw", "lion"};
    long base = 1_800_000_000_000L;
    for (int from = 0; from < RUNS; from += 1000) {
      int start = from;
      db.write(
          s -> {
            for (int i = start; i < Math.min(RUNS, start + 1000); i++) {
              long created = base + i * 1000L;
              Map<String, Object> config =
                  Map.of("lr", random.nextDouble() / 10, "opt", opts[i % 4], "layers", i % 12);
              Map<String, Object> summary =
                  Map.of("loss", random.nextDouble(), "acc", random.nextDouble());
              List<String> tags = i % 100 == 0 ? List.of("best") : List.of("x");
              Run run =
                  s.runs()
                      .create(
                          new NewRun(p.id(), "r" + i,
                              new Run.RunDetails("run-" + i, null, tags, "g" + i % 50, "train"),
                              config, "w", created, created));
              RunState state = i % 10 == 0 ? RunState.CRASHED : RunState.FINISHED;
              long end = created + 1000L * (i % 3600);
              s.runs().updateProgress(run.pk(), new Run.RunProgress(state, config, summary,
                  Map.of(), 1, 0, 0, null, end, end, state == RunState.FINISHED ? end : null));
            }
            return null;
          });
    }
  }

  /** Times the first page and, following cursors, the tenth. */
  private static void time(String backend, Database db, Project p, String what, String filter,
      String order) {
    RunQuery q = RunQuery.parse(filter, order);
    long now = System.currentTimeMillis();
    RunPage.Position after = null;
    double first = 0;
    double tenth = 0;
    int pages = 0;
    for (int page = 1; page <= 10; page++) {
      RunPage.Position from = after;
      long t = System.nanoTime();
      RunPage result = db.read(s -> s.runs().list(p.id(), RunFilter.ALL, q, from, LIMIT, now));
      double ms = (System.nanoTime() - t) / 1e6;
      if (page == 1) {
        first = ms;
      }
      tenth = ms;
      pages = page;
      assertTrue(result.runs().size() <= LIMIT);
      after = result.next();
      if (after == null) {
        break;
      }
    }
    System.out.printf("SCALE runs %s: %s: page 1 %.0f ms, page %d %.0f ms%n",
        backend, what, first, pages, tenth);
  }
}
