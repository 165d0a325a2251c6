package dev.vane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.protocol.ConsoleLine;
import dev.vane.protocol.ConsoleLines;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.RunExit;
import dev.vane.protocol.log.FrameCodec;
import dev.vane.protocol.wire.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the HTTP API: a table of malformed, hostile and unauthorised requests, each of
 * which must get a 4xx JSON error (never a 5xx), leave the server healthy and change no stored data
 * (a digest of every run, its history, files, logs and system metrics, the run lists and the data
 * folder, taken before and after, is identical).
 */
class BadInputTest {
  @TempDir static Path dir;
  static TestServer t;
  static String bobKey;
  static long r1LastSeq;

  static final String P = "bi";
  static final String ADMIN = "ADMIN";
  static final String BOB = "BOB";
  static final String INJECTION = "'; DROP TABLE runs; --";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final long LIMIT = 64L * 1024 * 1024;

  @BeforeAll
  static void start() {
    t = TestServer.start(dir);
    bobKey = t.createUser("bob");
    // r1: running, 10 history rows, console lines, a system sample, two files.
    ok(t.upsert(TestServer.runStart(P, "r1")));
    List<dev.vane.protocol.RecordPayload> recs = new ArrayList<>();
    recs.add(TestServer.runRecord(P, "r1"));
    for (int s = 0; s < 10; s++) {
      recs.add(
          new HistoryRow(
              Map.of(
                  "_step",
                  s,
                  "_runtime",
                  s * 0.5,
                  "_timestamp",
                  1.7e9 + s,
                  "loss",
                  1.0 / (s + 1),
                  "acc",
                  s / 10.0,
                  "label",
                  "e" + s)));
    }
    recs.add(
        new ConsoleLines(
            List.of(
                new ConsoleLine("stdout", 1.7e9, "epoch 1"),
                new ConsoleLine("stderr", 1.7e9 + 1, "warn \u001b[33mslow\u001b[0m"))));
    recs.add(new dev.vane.protocol.SystemSample(Map.of("system.cpu", 12.5), 1.7e9, 1.0));
    ok(
        t.ingest(
            P, "r1", TestServer.frames(1, recs.toArray(dev.vane.protocol.RecordPayload[]::new))));
    r1LastSeq = recs.size();
    ok(t.put(Endpoints.file("admin", P, "r1", "config.json"), "{\"lr\":0.01}".getBytes()));
    ok(t.put(Endpoints.file("admin", P, "r1", "sub/notes.txt"), "hello".getBytes()));
    // r2: finished.
    ok(t.upsert(TestServer.runStart(P, "r2")));
    ok(
        t.ingest(
            P,
            "r2",
            TestServer.frames(
                1,
                TestServer.runRecord(P, "r2"),
                new HistoryRow(Map.of("_step", 0, "x", 1)),
                new RunExit(0, 1.7e9 + 5, 5, null))));
    // f1: a fork of r1 at step 4 (so r1 cannot be deleted, and rows <= 4 to f1 are refused).
    Map<String, Object> fork = TestServer.runStart(P, "f1");
    fork.put("branch", Map.of("kind", "fork", "run", "r1", "step", 4));
    ok(t.upsert(fork));
    // gone: a deleted run, whose ID stays taken.
    ok(t.upsert(TestServer.runStart(P, "gone")));
    assertEquals(204, t.delete(Endpoints.run("admin", P, "gone")).status());
    // b1: bob's run in his own entity.
    Map<String, Object> b = TestServer.runStart("bp", "b1");
    b.put("entity", "bob");
    ok(t.upsert(bobKey, b));
    ok(
        t.send(
            t.request(Endpoints.records("bob", "bp", "b1"), bobKey)
                .header("Content-Type", Endpoints.FRAMES_MEDIA_TYPE)
                .POST(
                    BodyPublishers.ofByteArray(
                        TestServer.frames(1, new HistoryRow(Map.of("_step", 0, "y", 2)))))
                .build()));
    ok(
        t.send(
            t.request(Endpoints.file("bob", "bp", "b1", "model.bin"), bobKey)
                .PUT(BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build()));
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static void ok(TestServer.Response r) {
    assertTrue(r.status() / 100 == 2, () -> "setup: " + r.status() + " " + r.text());
  }

  /** One request of the table and what it must answer. */
  record Case(
      String name,
      String method,
      String path,
      String key,
      Map<String, String> headers,
      Supplier<BodyPublisher> body,
      int status,
      String code) {}

  private final List<Case> cases = new ArrayList<>();

  private void add(
      String name,
      String method,
      String path,
      String key,
      Map<String, String> headers,
      Supplier<BodyPublisher> body,
      int status,
      String code) {
    cases.add(new Case(name, method, path, key, headers, body, status, code));
  }

  private void get(String name, String path, int status, String code) {
    add(name, "GET", path, ADMIN, Map.of(), null, status, code);
  }

  private void json(
      String name, String method, String path, String key, String body, int status, String code) {
    add(
        name,
        method,
        path,
        key,
        Map.of("Content-Type", "application/json"),
        () -> BodyPublishers.ofString(body),
        status,
        code);
  }

  private void frames(String name, String path, byte[] body, int status, String code) {
    add(
        name,
        "POST",
        path,
        ADMIN,
        Map.of("Content-Type", Endpoints.FRAMES_MEDIA_TYPE),
        () -> BodyPublishers.ofByteArray(body),
        status,
        code);
  }

  private void put(String name, String path, byte[] body, int status, String code) {
    add(name, "PUT", path, ADMIN, Map.of(), () -> BodyPublishers.ofByteArray(body), status, code);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String deep(int levels, String open, String inner, String close) {
    return open.repeat(levels) + inner + close.repeat(levels);
  }

  /** A frame of the given type and sequence number whose payload is this raw JSON text. */
  private static byte[] raw(RecordType type, long seq, String payload) {
    return FrameCodec.encode(type.code(), seq, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A body of {@code size} zero bytes made as it is read, never held in memory. */
  private static Supplier<BodyPublisher> zeros(long size) {
    return () ->
        BodyPublishers.ofInputStream(
            () ->
                new InputStream() {
                  long left = size;

                  @Override
                  public int read() {
                    if (left <= 0) {
                      return -1;
                    }
                    left--;
                    return 0;
                  }

                  @Override
                  public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                      return -1;
                    }
                    int n = (int) Math.min(len, left);
                    Arrays.fill(b, off, off + n, (byte) 0);
                    left -= n;
                    return n;
                  }
                });
  }

  private void buildCases() {
    String run = Endpoints.run("admin", P, "r1");
    String r2 = Endpoints.run("admin", P, "r2");
    String list = Endpoints.RUNS + "/admin/" + P;
    String rec = Endpoints.records("admin", P, "r1");
    String file = Endpoints.file("admin", P, "r1", "new.txt");
    long next = r1LastSeq + 1;
    String okRun =
        "{\"id\":\"new1\",\"entity\":\"admin\",\"project\":\"" + P + "\",\"writer\":\"w\"";

    // --- auth: no key, bad keys (401) ---
    add("no key: read run", "GET", run, null, Map.of(), null, 401, "unauthorized");
    add(
        "unknown bearer key",
        "GET",
        run,
        "vane_not_a_real_key",
        Map.of(),
        null,
        401,
        "unauthorized");
    add(
        "SQL injection as key",
        "GET",
        run,
        INJECTION.replace(" ", ""),
        Map.of(),
        null,
        401,
        "unauthorized");
    add(
        "basic auth, wrong key",
        "GET",
        run,
        null,
        Map.of(
            "Authorization", "Basic " + Base64.getEncoder().encodeToString("api:nope".getBytes())),
        null,
        401,
        "unauthorized");
    add(
        "basic auth, not base64",
        "GET",
        run,
        null,
        Map.of("Authorization", "Basic %%%"),
        null,
        401,
        "unauthorized");
    add(
        "basic auth, admin key under another user",
        "GET",
        run,
        null,
        Map.of(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(("root:" + t.adminKey).getBytes())),
        null,
        401,
        "unauthorized");
    add(
        "empty bearer",
        "GET",
        run,
        null,
        Map.of("Authorization", "Bearer "),
        null,
        401,
        "unauthorized");
    add(
        "unknown scheme",
        "GET",
        run,
        null,
        Map.of("Authorization", "Token " + t.adminKey),
        null,
        401,
        "unauthorized");
    add(
        "no key: projects",
        "GET",
        "/api/v1/projects/admin",
        null,
        Map.of(),
        null,
        401,
        "unauthorized");
    json("no key: create run", "POST", Endpoints.RUNS, null, okRun + "}", 401, "unauthorized");
    add(
        "no key: ingest",
        "POST",
        rec,
        null,
        Map.of("Content-Type", Endpoints.FRAMES_MEDIA_TYPE),
        () ->
            BodyPublishers.ofByteArray(
                TestServer.frames(next, new HistoryRow(Map.of("_step", 50)))),
        401,
        "unauthorized");
    add(
        "no key: put file",
        "PUT",
        file,
        null,
        Map.of(),
        () -> BodyPublishers.ofString("x"),
        401,
        "unauthorized");
    json("no key: patch", "PATCH", run, null, "{\"name\":\"x\"}", 401, "unauthorized");
    add("no key: delete", "DELETE", run, null, Map.of(), null, 401, "unauthorized");
    add("no key: stop", "POST", run + "/stop", null, Map.of(), null, 401, "unauthorized");
    add("bad key: delete", "DELETE", r2, "bogus", Map.of(), null, 401, "unauthorized");

    // --- another user's entity (403) ---
    add("bob reads admin's run", "GET", run, BOB, Map.of(), null, 403, "forbidden");
    add("bob lists admin's runs", "GET", list, BOB, Map.of(), null, 403, "forbidden");
    add(
        "bob lists admin's projects",
        "GET",
        "/api/v1/projects/admin",
        BOB,
        Map.of(),
        null,
        403,
        "forbidden");
    add(
        "bob reads admin's history",
        "GET",
        run + "/history",
        BOB,
        Map.of(),
        null,
        403,
        "forbidden");
    add("bob reads admin's logs", "GET", run + "/logs", BOB, Map.of(), null, 403, "forbidden");
    add(
        "bob reads admin's file",
        "GET",
        Endpoints.file("admin", P, "r1", "config.json"),
        BOB,
        Map.of(),
        null,
        403,
        "forbidden");
    add("bob lists admin's files", "GET", run + "/files", BOB, Map.of(), null, 403, "forbidden");
    add(
        "bob reads admin's sampled",
        "GET",
        run + "/history/sampled?key=loss",
        BOB,
        Map.of(),
        null,
        403,
        "forbidden");
    json("bob patches admin's run", "PATCH", run, BOB, "{\"name\":\"pwned\"}", 403, "forbidden");
    add("bob deletes admin's run", "DELETE", r2, BOB, Map.of(), null, 403, "forbidden");
    add("bob stops admin's run", "POST", run + "/stop", BOB, Map.of(), null, 403, "forbidden");
    add(
        "bob puts a file into admin's run",
        "PUT",
        file,
        BOB,
        Map.of(),
        () -> BodyPublishers.ofString("x"),
        403,
        "forbidden");
    add(
        "bob ingests into admin's run",
        "POST",
        rec,
        BOB,
        Map.of("Content-Type", Endpoints.FRAMES_MEDIA_TYPE),
        () ->
            BodyPublishers.ofByteArray(
                TestServer.frames(next, new HistoryRow(Map.of("_step", 50)))),
        403,
        "forbidden");
    json(
        "bob creates a run in admin's entity",
        "POST",
        Endpoints.RUNS,
        BOB,
        okRun + "}",
        403,
        "forbidden");
    json(
        "bob creates a run in a third entity",
        "POST",
        Endpoints.RUNS,
        BOB,
        okRun.replace("\"admin\"", "\"carol\"") + "}",
        403,
        "forbidden");

    // --- users, teams, keys and projects ---
    String users = "/api/v1/users";
    json("user named with SQL", "POST", users, ADMIN, "{\"name\":\"" + INJECTION + "\"}", 400, "invalid_name");
    json("user named with a script", "POST", users, ADMIN, "{\"name\":\"" + SCRIPT.replace("\"", "") + "\"}", 400, "invalid_name");
    json("user admin flag as text", "POST", users, ADMIN, "{\"name\":\"x\",\"admin\":\"yes\"}", 400, "invalid_argument");
    json("user with an unknown field", "POST", users, ADMIN, "{\"name\":\"x\",\"role\":\"god\"}", 400, "invalid_argument");
    json("user without a name", "POST", users, ADMIN, "{}", 400, "invalid_argument");
    json("user body an array", "POST", users, ADMIN, "[]", 400, "invalid_json");
    json("user named like an existing user", "POST", users, ADMIN, "{\"name\":\"bob\"}", 409, "name_taken");
    json("bob creates a user", "POST", users, BOB, "{\"name\":\"eve\"}", 403, "forbidden");
    add("bob lists users", "GET", users, BOB, Map.of(), null, 403, "forbidden");
    String teams = "/api/v1/teams";
    json("team named with a traversal", "POST", teams, BOB, "{\"name\":\"../etc\"}", 400, "invalid_name");
    json("team named as a number", "POST", teams, BOB, "{\"name\":123}", 400, "invalid_argument");
    json("team named like a user", "POST", teams, BOB, "{\"name\":\"admin\"}", 409, "name_taken");
    get("a user's entity is not a team", "/api/v1/teams/admin", 404, "not_found");
    json("role for a team that does not exist", "PUT", teams + "/nosuch/members/bob", ADMIN, "{\"role\":\"viewer\"}", 404, "not_found");
    json("bob gives himself a role in admin's entity", "PUT", teams + "/admin/members/bob", BOB, "{\"role\":\"admin\"}", 403, "forbidden");
    add("bob removes admin from admin's entity", "DELETE", teams + "/admin/members/admin", BOB, Map.of(), null, 403, "forbidden");
    String keys = "/api/v1/keys";
    add("key id negative", "DELETE", keys + "/-1", BOB, Map.of(), null, 400, "invalid_argument");
    add("key id too large", "DELETE", keys + "/99999999999999999999", BOB, Map.of(), null, 400, "invalid_argument");
    add("key id with SQL", "DELETE", keys + "/" + enc(INJECTION), BOB, Map.of(), null, 400, "invalid_argument");
    add("bob revokes admin's key", "DELETE", keys + "/1", BOB, Map.of(), null, 404, "not_found");
    add("anonymous lists keys", "GET", keys, null, Map.of(), null, 401, "unauthorized");
    json("key description an object", "POST", keys, BOB, "{\"description\":{\"a\":1}}", 400, "invalid_argument");
    json("key description too long", "POST", keys, BOB, "{\"description\":\"" + "d".repeat(5000) + "\"}", 400, "invalid_argument");
    json("key body not JSON", "POST", keys, BOB, "nope", 400, "invalid_json");
    String project = "/api/v1/projects/admin/" + P;
    json("visibility unknown", "PATCH", project, ADMIN, "{\"visibility\":\"everyone\"}", 400, "invalid_argument");
    json("visibility null", "PATCH", project, ADMIN, "{\"visibility\":null}", 400, "invalid_argument");
    json("bob opens admin's project", "PATCH", project, BOB, "{\"visibility\":\"public\"}", 403, "forbidden");
    json("project created twice", "POST", "/api/v1/projects/admin", ADMIN, "{\"name\":\"" + P + "\"}", 409, "name_taken");
    json("project visibility a number", "POST", "/api/v1/projects/admin", ADMIN, "{\"name\":\"x\",\"visibility\":7}", 400, "invalid_argument");
    json("bob creates a project in admin's entity", "POST", "/api/v1/projects/admin", BOB, "{\"name\":\"x\"}", 403, "forbidden");

    // --- names and IDs in URLs ---
    get(
        "entity starting with a dot",
        Endpoints.RUNS + "/.hidden/" + P + "/r1",
        400,
        "invalid_name");
    get("project starting with a dash", Endpoints.RUNS + "/admin/-p/r1", 400, "invalid_name");
    get(
        "entity of 129 characters",
        Endpoints.RUNS + "/" + "e".repeat(129) + "/" + P + "/r1",
        400,
        "invalid_name");
    get(
        "emoji project",
        Endpoints.RUNS + "/admin/" + enc("proj\uD83D\uDE80") + "/r1",
        400,
        "invalid_name");
    get(
        "SQL injection project",
        Endpoints.RUNS + "/admin/" + enc(INJECTION) + "/r1",
        400,
        "invalid_name");
    get("script project in list", Endpoints.RUNS + "/admin/" + enc(SCRIPT), 400, "invalid_name");
    get(
        "RTL override in project",
        Endpoints.RUNS + "/admin/" + enc("ab\u202Ecd") + "/r1",
        400,
        "invalid_name");
    // Jetty refuses a %00 in the URL itself, before any route
    get(
        "NUL in entity",
        Endpoints.RUNS + "/" + enc("ad\u0000min") + "/" + P + "/r1",
        400,
        "invalid_argument");
    get(
        "SQL injection run ID",
        Endpoints.RUNS + "/admin/" + P + "/" + enc("r1" + INJECTION),
        400,
        "invalid_id");
    get(
        "run ID of 65 characters",
        Endpoints.RUNS + "/admin/" + P + "/" + "r".repeat(65),
        400,
        "invalid_id");
    get("run ID with leading space", Endpoints.RUNS + "/admin/" + P + "/%20r1", 400, "invalid_id");
    get("run ID with colon", Endpoints.RUNS + "/admin/" + P + "/r%3A1", 400, "invalid_id");
    get("run ID with hash", Endpoints.RUNS + "/admin/" + P + "/r%231", 400, "invalid_id");
    add(
        "DELETE with SQL injection ID",
        "DELETE",
        Endpoints.RUNS + "/admin/" + P + "/" + enc("x' OR '1'='1"),
        ADMIN,
        Map.of(),
        null,
        400,
        "invalid_id");
    get("unknown run", Endpoints.run("admin", P, "nope"), 404, "not_found");
    get("unknown project", Endpoints.run("admin", "nope", "r1"), 404, "not_found");
    get("projects of unknown entity", "/api/v1/projects/nobody", 404, "not_found");
    get("unknown route", "/api/v1/frobnicate/x/y/z/w/v", 404, "not_found");
    add(
        "wrong method",
        "PUT",
        Endpoints.RUNS,
        ADMIN,
        Map.of(),
        () -> BodyPublishers.ofString("{}"),
        405,
        "method_not_allowed");

    // --- POST /api/v1/runs: malformed JSON, wrong types, bad names ---
    json("create: empty body", "POST", Endpoints.RUNS, ADMIN, "", 400, "invalid_json");
    json(
        "create: truncated JSON",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        "{\"id\":\"new1\"",
        400,
        "invalid_json");
    json("create: null", "POST", Endpoints.RUNS, ADMIN, "null", 400, "invalid_json");
    json("create: array", "POST", Endpoints.RUNS, ADMIN, "[1,2]", 400, "invalid_json");
    json("create: number", "POST", Endpoints.RUNS, ADMIN, "42", 400, "invalid_json");
    json(
        "create: trailing comma", "POST", Endpoints.RUNS, ADMIN, okRun + ",}", 400, "invalid_json");
    add(
        "create: not UTF-8",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        Map.of("Content-Type", "application/json"),
        () -> BodyPublishers.ofByteArray(new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'}),
        400,
        "invalid_json");
    json(
        "create: 100,000 nested arrays in config",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"config\":{\"a\":" + deep(100_000, "[", "1", "]") + "}}",
        400,
        "invalid_json");
    json(
        "create: 100,000 nested objects",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        deep(100_000, "{\"a\":", "1", "}"),
        400,
        "invalid_json");
    json(
        "create: tags not a list",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"tags\":\"a\"}",
        400,
        "invalid_json");
    json(
        "create: empty tag",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"tags\":[\"\"]}",
        400,
        "invalid_argument");
    json(
        "create: config a string",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"config\":\"lr\"}",
        400,
        "invalid_json");
    json(
        "create: startTime a string",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"startTime\":\"yesterday\"}",
        400,
        "invalid_json");
    json(
        "create: no writer",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        "{\"id\":\"new1\",\"entity\":\"admin\",\"project\":\"" + P + "\"}",
        400,
        "invalid_argument");
    json(
        "create: unknown resume",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"resume\":\"sometimes\"}",
        400,
        "invalid_argument");
    json(
        "create: unknown branch kind",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"branch\":{\"kind\":\"spoon\",\"run\":\"r1\",\"step\":1}}",
        400,
        "invalid_argument");
    json(
        "create: resume and branch",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"resume\":\"allow\",\"branch\":{\"kind\":\"fork\",\"run\":\"r1\",\"step\":1}}",
        400,
        "invalid_argument");
    json(
        "create: NUL in name",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"name\":\"a\\u0000b\"}",
        400,
        "invalid_argument");
    json(
        "create: NUL in writer",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        "{\"id\":\"new1\",\"entity\":\"admin\",\"project\":\"" + P + "\",\"writer\":\"w\\u0000\"}",
        400,
        "invalid_argument");
    json(
        "create: SQL injection ID",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "x'; DROP TABLE runs; --") + "}",
        400,
        "invalid_id");
    json(
        "create: empty ID",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "") + "}",
        400,
        "invalid_id");
    json(
        "create: ID of 1 MB",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "i".repeat(1 << 20)) + "}",
        400,
        "invalid_id");
    json(
        "create: ID with slash",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "../r1") + "}",
        400,
        "invalid_id");
    json(
        "create: script entity",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"admin\"", "\"<script>alert(1)<\\/script>\"") + "}",
        400,
        "invalid_name");
    json(
        "create: traversal project",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"../../etc\"") + "}",
        400,
        "invalid_name");
    json(
        "create: SQL injection project",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"" + INJECTION + "\"") + "}",
        400,
        "invalid_name");
    json(
        "create: lone surrogate project",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"p\\ud800\"") + "}",
        400,
        "invalid_name");
    json(
        "create: emoji project",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"\uD83D\uDE00\"") + "}",
        400,
        "invalid_name");
    json(
        "create: RTL mark project",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"p\u200Fq\"") + "}",
        400,
        "invalid_name");
    json(
        "create: project of 1 MB",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("\"" + P + "\"", "\"" + "p".repeat(1 << 20) + "\"") + "}",
        400,
        "invalid_name");
    json(
        "create: another writer of r1",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "r1") + ",\"name\":\"" + INJECTION + "\"}",
        409,
        "run_exists");
    json(
        "create: deleted ID",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun.replace("new1", "gone") + "}",
        409,
        "run_deleted");
    json(
        "create: resume must of a missing run",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"resume\":\"must\"}",
        404,
        "not_found");
    json(
        "create: fork of a missing run",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        okRun + ",\"branch\":{\"kind\":\"fork\",\"run\":\"nope\",\"step\":1}}",
        404,
        "not_found");
    add(
        "create: body over 64 MiB, streamed",
        "POST",
        Endpoints.RUNS,
        ADMIN,
        Map.of("Content-Type", "application/json"),
        zeros(LIMIT + 1),
        413,
        "too_large");

    // --- PATCH ---
    json("patch: name a number", "PATCH", run, ADMIN, "{\"name\":5}", 400, "invalid_argument");
    json("patch: empty name", "PATCH", run, ADMIN, "{\"name\":\"\"}", 400, "invalid_argument");
    json("patch: tags a string", "PATCH", run, ADMIN, "{\"tags\":\"a\"}", 400, "invalid_argument");
    json("patch: null tag", "PATCH", run, ADMIN, "{\"tags\":[null]}", 400, "invalid_argument");
    json(
        "patch: notes an object",
        "PATCH",
        run,
        ADMIN,
        "{\"notes\":{\"x\":1}}",
        400,
        "invalid_argument");
    json("patch: group a list", "PATCH", run, ADMIN, "{\"group\":[1]}", 400, "invalid_argument");
    json(
        "patch: unknown field",
        "PATCH",
        run,
        ADMIN,
        "{\"state\":\"finished\"}",
        400,
        "invalid_argument");
    json(
        "patch: NUL in name",
        "PATCH",
        run,
        ADMIN,
        "{\"name\":\"x\\u0000\"}",
        400,
        "invalid_argument");
    json(
        "patch: good name, bad tags (nothing changes)",
        "PATCH",
        run,
        ADMIN,
        "{\"name\":\"" + INJECTION + "\",\"tags\":5}",
        400,
        "invalid_argument");
    json(
        "patch: script notes, unknown field",
        "PATCH",
        run,
        ADMIN,
        "{\"notes\":\"" + SCRIPT.replace("/", "\\/") + "\",\"owner\":\"bob\"}",
        400,
        "invalid_argument");
    json("patch: NaN name", "PATCH", run, ADMIN, "{\"name\":NaN}", 400, "invalid_argument");
    json(
        "patch: Infinity group",
        "PATCH",
        run,
        ADMIN,
        "{\"group\":Infinity}",
        400,
        "invalid_argument");
    json("patch: not JSON", "PATCH", run, ADMIN, "name=x", 400, "invalid_json");
    json("patch: array", "PATCH", run, ADMIN, "[]", 400, "invalid_json");
    json(
        "patch: 100,000 nested objects",
        "PATCH",
        run,
        ADMIN,
        "{\"notes\":" + deep(100_000, "{\"a\":", "1", "}") + "}",
        400,
        "invalid_json");
    json(
        "patch: huge name, bad tags",
        "PATCH",
        run,
        ADMIN,
        "{\"name\":\"" + "n".repeat(1 << 20) + "\",\"tags\":[1]}",
        400,
        "invalid_argument");
    json(
        "patch: unknown run",
        "PATCH",
        Endpoints.run("admin", P, "nope"),
        ADMIN,
        "{\"name\":\"x\"}",
        404,
        "not_found");

    // --- ingest: bad frames ---
    byte[] good = TestServer.frames(next, new HistoryRow(Map.of("_step", 50, "loss", 9.0)));
    frames("ingest: garbage bytes", rec, "hello, world".getBytes(), 400, "invalid_frames");
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 1] ^= 1;
    frames("ingest: corrupt payload (CRC)", rec, badCrc, 400, "invalid_frames");
    frames("ingest: torn frame", rec, Arrays.copyOf(good, good.length - 1), 400, "invalid_frames");
    frames(
        "ingest: good frame then garbage",
        rec,
        concat(good, new byte[] {1, 2, 3, 4, 5, 6, 7}),
        400,
        "invalid_frames");
    byte[] hugeLen = good.clone();
    hugeLen[0] = 0x7f;
    hugeLen[1] = (byte) 0xff;
    hugeLen[2] = (byte) 0xff;
    hugeLen[3] = (byte) 0xff;
    frames("ingest: huge declared frame length", rec, hugeLen, 400, "invalid_frames");
    frames(
        "ingest: non-consecutive sequence numbers",
        rec,
        concat(good, TestServer.frames(next + 2, new HistoryRow(Map.of("_step", 51)))),
        400,
        "invalid_frames");
    // --- ingest: bad records ---
    frames(
        "ingest: payload not JSON",
        rec,
        raw(RecordType.HISTORY, next, "not json"),
        400,
        "invalid_record");
    frames(
        "ingest: history row without _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"loss\":1}"),
        400,
        "invalid_record");
    frames(
        "ingest: negative _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":-1,\"loss\":1}"),
        400,
        "invalid_record");
    frames(
        "ingest: fractional _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":1.5}"),
        400,
        "invalid_record");
    frames(
        "ingest: string _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":\"3\"}"),
        400,
        "invalid_record");
    frames(
        "ingest: NaN _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":NaN}"),
        400,
        "invalid_record");
    frames(
        "ingest: Infinity _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":Infinity}"),
        400,
        "invalid_record");
    frames(
        "ingest: -Infinity _step",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":-Infinity}"),
        400,
        "invalid_record");
    frames(
        "ingest: _step 1e300",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":1e300}"),
        400,
        "invalid_record");
    frames(
        "ingest: _step 2^64",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":18446744073709551616}"),
        400,
        "invalid_record");
    frames(
        "ingest: bare NaN as a key",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":60,NaN:1}"),
        400,
        "invalid_record");
    frames(
        "ingest: history row an array",
        rec,
        raw(RecordType.HISTORY, next, "[1,2,3]"),
        400,
        "invalid_record");
    frames(
        "ingest: 100,000 nested arrays in a row",
        rec,
        raw(RecordType.HISTORY, next, "{\"_step\":60,\"x\":" + deep(100_000, "[", "1", "]") + "}"),
        400,
        "invalid_record");
    frames(
        "ingest: good row then a bad row",
        rec,
        concat(
            good,
            raw(
                RecordType.HISTORY,
                next + 1,
                "{\"_step\":-5,\"" + INJECTION.replace("'", "") + "\":1}")),
        400,
        "invalid_record");
    frames(
        "ingest: console stream stdin",
        rec,
        raw(
            RecordType.CONSOLE,
            next,
            "{\"lines\":[{\"stream\":\"stdin\",\"time\":1.7e9,\"text\":\""
                + SCRIPT.replace("/", "\\/")
                + "\"}]}"),
        400,
        "invalid_record");
    frames(
        "ingest: config update an array",
        rec,
        raw(RecordType.CONFIG, next, "[\"lr\"]"),
        400,
        "invalid_record");
    frames(
        "ingest: exit code a string",
        rec,
        raw(RecordType.EXIT, next, "{\"exitCode\":\"zero\"}"),
        400,
        "invalid_record");
    frames(
        "ingest: run record of another run",
        rec,
        concat(
            raw(
                RecordType.RUN,
                next,
                "{\"id\":\"r2\",\"entity\":\"admin\",\"project\":\""
                    + P
                    + "\",\"writer\":\"writer-1\"}")),
        400,
        "invalid_record");
    frames(
        "ingest: row at a fork's shared step (decreasing below the branch)",
        Endpoints.records("admin", P, "f1"),
        TestServer.frames(1, new HistoryRow(Map.of("_step", 2, "loss", 0.0))),
        400,
        "invalid_record");
    frames(
        "ingest: sequence gap",
        rec,
        TestServer.frames(next + 5, new HistoryRow(Map.of("_step", 70))),
        409,
        "sequence_gap");
    add(
        "ingest: JSON content type",
        "POST",
        rec,
        ADMIN,
        Map.of("Content-Type", "application/json"),
        () -> BodyPublishers.ofByteArray(good),
        415,
        "unsupported_media_type");
    frames("ingest: replay=maybe", rec + "?replay=maybe", good, 400, "invalid_argument");
    frames("ingest: final=1", rec + "?final=1", good, 400, "invalid_argument");
    frames("ingest: unknown run", Endpoints.records("admin", P, "nope"), good, 404, "not_found");
    add(
        "ingest: body over 64 MiB, streamed",
        "POST",
        rec,
        ADMIN,
        Map.of("Content-Type", Endpoints.FRAMES_MEDIA_TYPE),
        zeros(LIMIT + 1),
        413,
        "too_large");

    // --- files ---
    put(
        "file: .. part",
        run + "/files/a/%2E%2E/%2E%2E/etc/passwd",
        "x".getBytes(),
        400,
        "invalid_path");
    put("file: . part", run + "/files/%2E/x.txt", "x".getBytes(), 400, "invalid_path");
    put(
        "file: backslash traversal",
        run + "/files/" + enc("..\\..\\vane.db"),
        "x".getBytes(),
        400,
        "invalid_path");
    put(
        "file: NUL in name",
        run + "/files/" + enc("a\u0000.txt"),
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "file: control character",
        run + "/files/" + enc("a\nb"),
        "x".getBytes(),
        400,
        "invalid_path");
    put(
        "file: name of 2000 characters",
        run + "/files/" + "f".repeat(2000),
        "x".getBytes(),
        400,
        "invalid_path");
    put(
        "file: encoded slash traversal",
        run + "/files/" + enc("../../../admin-api-key"),
        "x".getBytes(),
        400,
        "invalid_path");
    put(
        "file: clashes with a folder",
        Endpoints.file("admin", P, "r1", "sub"),
        "x".getBytes(),
        409,
        "file_conflict");
    put(
        "file: under a file",
        Endpoints.file("admin", P, "r1", "config.json/x"),
        "x".getBytes(),
        409,
        "file_conflict");
    put(
        "file: to an unknown run",
        Endpoints.file("admin", P, "nope", "x.txt"),
        "x".getBytes(),
        404,
        "not_found");
    String sha = "0".repeat(64);
    put(
        "upload: negative offset",
        file + "?offset=-1&size=1&sha256=" + sha,
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: offset not a number",
        file + "?offset=abc&size=1&sha256=" + sha,
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: no size",
        file + "?offset=0&sha256=" + sha,
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: size NaN",
        file + "?offset=0&size=NaN&sha256=" + sha,
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: bad sha256",
        file + "?offset=0&size=1&sha256=zz",
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: offset past size",
        file + "?offset=5&size=3&sha256=" + sha,
        "x".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: chunk past size",
        file + "?offset=0&size=1&sha256=" + sha,
        "xxxxx".getBytes(),
        400,
        "invalid_argument");
    put(
        "upload: offset with nothing staged",
        file + "?offset=10&size=20&sha256=" + sha,
        "x".getBytes(),
        409,
        "offset_mismatch");
    put(
        "upload: checksum mismatch",
        file + "?offset=0&size=1&sha256=" + sha,
        "x".getBytes(),
        400,
        "checksum_mismatch");
    get(
        "upload state: bad sha256",
        Endpoints.upload("admin", P, "r1", "new.txt") + "?sha256=" + enc(INJECTION),
        400,
        "invalid_argument");
    get("read file: traversal", run + "/files/%2E%2E/%2E%2E/vane.db", 400, "invalid_path");
    get("read file: missing", Endpoints.file("admin", P, "r1", "missing.txt"), 404, "not_found");
    add(
        "read file: range past the end",
        "GET",
        Endpoints.file("admin", P, "r1", "config.json"),
        ADMIN,
        Map.of("Range", "bytes=999999-"),
        null,
        416,
        "range_not_satisfiable");
    add(
        "file: body over 64 MiB, streamed",
        "PUT",
        file,
        ADMIN,
        Map.of(),
        zeros(LIMIT + 1),
        413,
        "too_large");

    // --- reading parameters ---
    // history's minStep/maxStep are any long (a range; -1 is legal), so only non-longs are refused
    get(
        "history: minStep past a long",
        run + "/history?minStep=9223372036854775808",
        400,
        "invalid_argument");
    get("history: minStep not a number", run + "/history?minStep=abc", 400, "invalid_argument");
    get("history: limit 0", run + "/history?limit=0", 400, "invalid_argument");
    get("history: maxStep 1e99", run + "/history?maxStep=1e99", 400, "invalid_argument");
    get("history: maxStep NaN", run + "/history?maxStep=NaN", 400, "invalid_argument");
    get("history: limit Infinity", run + "/history?limit=Infinity", 400, "invalid_argument");
    get("sampled: no key", run + "/history/sampled", 400, "invalid_argument");
    get("sampled: buckets 0", run + "/history/sampled?key=loss&buckets=0", 400, "invalid_argument");
    get(
        "sampled: buckets 10001",
        run + "/history/sampled?key=loss&buckets=10001",
        400,
        "invalid_argument");
    get(
        "sampled: buckets NaN",
        run + "/history/sampled?key=loss&buckets=NaN",
        400,
        "invalid_argument");
    get(
        "sampled: minStep > maxStep",
        run + "/history/sampled?key=loss&minStep=9&maxStep=1",
        400,
        "invalid_argument");
    get(
        "sampled: minStep -Infinity",
        run + "/history/sampled?key=loss&minStep=-Infinity",
        400,
        "invalid_argument");
    get(
        "sampled: unknown run",
        Endpoints.run("admin", P, "nope") + "/history/sampled?key=loss",
        404,
        "not_found");
    get("project sampled: no keys", list + "/sampled?runs=r1", 400, "invalid_argument");
    get("project sampled: no runs", list + "/sampled?keys=loss", 400, "invalid_argument");
    get(
        "project sampled: injection run ID",
        list + "/sampled?keys=loss&runs=" + enc("r1'; DROP TABLE runs; --"),
        400,
        "invalid_id");
    get(
        "project sampled: too many series",
        list
            + "/sampled?runs=r1&keys="
            + String.join(
                ",", Stream.iterate(0, i -> i + 1).limit(1001).map(i -> "k" + i).toList()),
        400,
        "invalid_argument");
    get("system: key without system.", run + "/system/sampled?keys=cpu", 400, "invalid_argument");
    get("system: negative buckets", run + "/system/sampled?buckets=-5", 400, "invalid_argument");
    get("logs: negative offset", run + "/logs?offset=-1", 400, "invalid_argument");
    get("logs: limit over 10000", run + "/logs?limit=10001", 400, "invalid_argument");
    get("logs: limit not a number", run + "/logs?limit=" + enc(INJECTION), 400, "invalid_argument");
    get("list: limit 0", list + "?limit=0", 400, "invalid_argument");
    get("list: limit 1001", list + "?limit=1001", 400, "invalid_argument");
    get("list: garbage cursor", list + "?cursor=" + enc(INJECTION), 400, "invalid_argument");
    get("list: state in upper case", list + "?state=RUNNING", 400, "invalid_argument");
    get(
        "list: filter not JSON",
        list + "?filter=" + enc("name = 'x' OR 1=1"),
        400,
        "invalid_argument");
    get("list: filter an array", list + "?filter=" + enc("[1]"), 400, "invalid_argument");
    get(
        "list: filter unknown field",
        list + "?filter=" + enc("{\"colour\":\"red\"}"),
        400,
        "invalid_argument");
    get(
        "list: filter $where (script)",
        list + "?filter=" + enc("{\"name\":{\"$where\":\"sleep(1000)\"}}"),
        400,
        "invalid_argument");
    get(
        "list: filter bad regex",
        list + "?filter=" + enc("{\"name\":{\"$regex\":\"(\"}}"),
        400,
        "invalid_argument");
    get(
        "list: filter regex over 1000 chars",
        list + "?filter=" + enc("{\"name\":{\"$regex\":\"" + "a".repeat(1001) + "\"}}"),
        400,
        "invalid_argument");
    get(
        "list: filter NaN",
        list + "?filter=" + enc("{\"summary.loss\":{\"$gt\":NaN}}"),
        400,
        "invalid_argument");
    get(
        "list: filter nested 200 levels, unknown field inside",
        list + "?filter=" + enc(deep(200, "{\"$and\":[", "{\"colour\":1}", "]}")),
        400,
        "invalid_argument");
    get(
        "list: URL over the server's limit (1000 nested $and)",
        list + "?filter=" + enc(deep(1000, "{\"$and\":[", "{\"id\":\"r1\"}", "]}")),
        414,
        "too_large");
    get(
        "list: filter $within forever",
        list + "?filter=" + enc("{\"createdAt\":{\"$within\":\"forever\"}}"),
        400,
        "invalid_argument");
    get(
        "list: filter time not ISO",
        list + "?filter=" + enc("{\"createdAt\":{\"$gt\":\"yesterday\"}}"),
        400,
        "invalid_argument");
    get(
        "list: filter $in without list",
        list + "?filter=" + enc("{\"config.lr\":{\"$in\":5}}"),
        400,
        "invalid_argument");
    get("list: order unknown field", list + "?order=-colour", 400, "invalid_argument");
    get("list: order field twice", list + "?order=name,-name", 400, "invalid_argument");
    get("list: order empty part", list + "?order=" + enc(","), 400, "invalid_argument");
    get(
        "list: order injection",
        list + "?order=" + enc("name; DROP TABLE runs"),
        400,
        "invalid_argument");

    // --- changes refused by state ---
    add("delete a run with forks", "DELETE", run, ADMIN, Map.of(), null, 409, "run_has_branches");
    add("stop a finished run", "POST", r2 + "/stop", ADMIN, Map.of(), null, 409, "run_ended");
    add(
        "delete an unknown run",
        "DELETE",
        Endpoints.run("admin", P, "nope"),
        ADMIN,
        Map.of(),
        null,
        404,
        "not_found");
  }

  private TestServer.Response send(Case c) {
    HttpRequest.Builder b =
        t.request(
            c.path(), ADMIN.equals(c.key()) ? t.adminKey : BOB.equals(c.key()) ? bobKey : c.key());
    c.headers().forEach(b::header);
    b.method(c.method(), c.body() == null ? BodyPublishers.noBody() : c.body().get());
    return t.send(b.build());
  }

  @Test
  void everyBadRequestIsA4xxJsonErrorAndChangesNothing() throws Exception {
    buildCases();
    assertTrue(cases.size() >= 100, "cases: " + cases.size());
    String before = digest();
    assertTrue(before.contains("\ntable "), "the digest reads the database's tables");
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      TestServer.Response r;
      try {
        r = send(c);
      } catch (RuntimeException e) {
        failures.add(c.name() + ": request failed: " + e);
        continue;
      }
      String got = r.status() + " " + r.text().substring(0, Math.min(300, r.text().length()));
      if (r.status() != c.status()) {
        failures.add(c.name() + ": expected " + c.status() + " " + c.code() + ", got " + got);
        continue;
      }
      JsonNode body;
      try {
        body = TestServer.STRICT.readTree(r.body());
      } catch (IOException e) {
        failures.add(c.name() + ": not JSON: " + got);
        continue;
      }
      if (!c.code().equals(body.path("error").path("code").asText(null))
          || body.path("error").path("message").asText("").isBlank()) {
        failures.add(c.name() + ": expected code " + c.code() + " and a message, got " + got);
      }
    }
    assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases failed");
    assertEquals(before, digest(), "stored data changed");

    // The server is healthy and still works.
    assertEquals(200, t.get(Endpoints.HEALTH, null).status());
    ok(t.upsert(TestServer.runStart("after", "a1")));
    ok(
        t.ingest(
            "after",
            "a1",
            TestServer.frames(
                1,
                TestServer.runRecord("after", "a1"),
                new HistoryRow(Map.of("_step", 0, "loss", 0.5)))));
    assertEquals(0.5, t.history("after", "a1").get(0).get("loss").asDouble());
  }

  /** Hostile text that is legal is stored as text, byte for byte, and never interpreted. */
  @Test
  void injectionAndOddUnicodeAreStoredAsText() {
    String p = "scratch";
    Map<String, Object> start = TestServer.runStart(p, "s1");
    String odd = "\u202Eevil\u200F \uD83D\uDE80 \u0000? no: " + SCRIPT;
    start.put("name", INJECTION + " " + SCRIPT);
    start.put("tags", List.of(INJECTION, SCRIPT, "\uD83D\uDE80"));
    ok(t.upsert(start));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("_step", 5);
    row.put(INJECTION, 1.0);
    row.put(SCRIPT, odd);
    row.put("nan", Double.NaN);
    row.put("inf", Double.NEGATIVE_INFINITY);
    ok(
        t.ingest(
            p,
            "s1",
            TestServer.frames(
                1,
                TestServer.runRecord(p, "s1"),
                new HistoryRow(row),
                // a lower step is legal: it is stored at its own step (docs/http-api.md), no error
                new HistoryRow(Map.of("_step", 3, "loss", 2.0)))));
    JsonNode r = t.run(p, "s1");
    assertEquals(INJECTION + " " + SCRIPT, r.get("name").asText());
    assertEquals(3, r.get("tags").size());
    JsonNode rows = t.history(p, "s1");
    assertEquals(2, rows.size());
    assertEquals(3, rows.get(0).get("_step").asInt());
    assertEquals(odd, rows.get(1).get(SCRIPT).asText());
    assertEquals("NaN", rows.get(1).get("nan").asText());
    assertEquals("-Infinity", rows.get(1).get("inf").asText());
    // a filter holding an injection string is a plain comparison that matches nothing
    TestServer.Response f =
        t.get(Endpoints.RUNS + "/admin/" + p + "?filter=" + enc("{\"name\":\"x' OR '1'='1\"}"));
    assertEquals(200, f.status(), f.text());
    assertEquals(0, f.json().get("runs").size());
    assertEquals(1, t.get(Endpoints.RUNS + "/admin/" + p).json().get("runs").size());
  }

  /** Everything the API reads back and every file in the data folder but the database's. */
  private static String digest() throws Exception {
    StringBuilder d = new StringBuilder();
    for (String[] proj : new String[][] {{"admin", P, null}, {"bob", "bp", bobKey}}) {
      String key = proj[2] == null ? t.adminKey : proj[2];
      d.append(t.get("/api/v1/projects/" + proj[0], key).text()).append('\n');
      List<String> ids = new ArrayList<>();
      for (JsonNode run :
          t.get(Endpoints.RUNS + "/" + proj[0] + "/" + proj[1], key).json().get("runs")) {
        ids.add(run.get("id").asText());
      }
      ids.add("gone");
      for (String id : ids) {
        String base = Endpoints.run(proj[0], proj[1], id);
        TestServer.Response run = t.get(base, key);
        d.append(id).append(' ').append(run.status()).append(' ');
        if (run.status() != 200) {
          continue;
        }
        d.append(TestServer.withoutClock(run.json())).append('\n');
        d.append(t.get(base + "/history", key).text()).append('\n');
        d.append(t.get(base + "/logs", key).text()).append('\n');
        d.append(t.get(base + "/system/sampled", key).text()).append('\n');
        d.append(t.get(base + "/stop", key).text()).append('\n');
        JsonNode files = t.get(base + "/files", key).json();
        d.append(files).append('\n');
        for (JsonNode f : files.get("files")) {
          TestServer.Response bytes =
              t.get(Endpoints.file(proj[0], proj[1], id, f.get("name").asText()), key);
          d.append(sha256(bytes.body())).append('\n');
        }
      }
    }
    d.append(tables());
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted().toList()) {
        String name = dir.relativize(p).toString().replace('\\', '/');
        if (name.startsWith("vane.db")) {
          continue;
        }
        d.append(name);
        if (Files.isRegularFile(p)) {
          d.append(' ').append(sha256(Files.readAllBytes(p)));
        }
        d.append('\n');
      }
    }
    return d.toString();
  }

  /**
   * Every row of every table of the server's database, read beside it over JDBC, rows sorted (the
   * API reads above cover what it shows; this covers what it does not, e.g. users, keys, counters).
   */
  private static String tables() throws java.sql.SQLException {
    String url =
        t.options.databaseUrl() == null
            ? "jdbc:sqlite:" + dir.resolve("vane.db")
            : t.options.databaseUrl();
    if (!url.startsWith("jdbc:")) {
      return "";
    }
    StringBuilder d = new StringBuilder();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement st = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (java.sql.ResultSet rs =
          st.executeQuery(
              url.startsWith("jdbc:sqlite:")
                  ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                  : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                      + " ORDER BY table_name")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String table : names) {
        List<String> rows = new ArrayList<>();
        try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              Object v = rs.getObject(i);
              row.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v))
                  .append('|');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        d.append("table ").append(table).append(' ').append(rows.size()).append('\n');
        rows.forEach(r -> d.append(r).append('\n'));
      }
    }
    return d.toString();
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
