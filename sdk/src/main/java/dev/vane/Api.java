package dev.vane;

import dev.vane.internal.Settings;
import dev.vane.internal.Validation;
import dev.vane.internal.api.ApiHttp;
import dev.vane.internal.api.RunPages;
import dev.vane.internal.api.RunPaths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and changes runs on a Vane server after (or while) they run: W&amp;B's {@code
 * wandb.Api()}.
 *
 * <pre>{@code
 * Api api = Api.create();   // VANE_BASE_URL, VANE_API_KEY or ~/.vane/settings, as runs use
 * ApiRun run = api.run("nico/awesome-project/pdo5110r");
 * System.out.println(run.state() + " " + run.summary().get("loss"));
 * try (Stream<Map<String, Object>> rows = run.history("loss")) {
 *   rows.forEach(row -> System.out.println(row.get("_step") + " " + row.get("loss")));
 * }
 * api.runs("nico/awesome-project", RunFilter.group("sweep-7"))
 *     .forEach(r -> System.out.println(r.name()));
 * }</pre>
 *
 * <p>Every failed request throws {@link VaneException} with the server's status, code and
 * message ({@code 404} says which run or project does not exist); malformed arguments throw
 * {@link IllegalArgumentException} naming the argument. Thread-safe.
 */
public final class Api {
  /** Runs per request of {@link #runs(String)}, the server's default. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final ApiHttp http;

  private Api(ApiHttp http) {
    this.http = http;
  }

  /**
   * An API client with the server and key runs use: {@code VANE_BASE_URL} and {@code
   * VANE_API_KEY}, else {@code base_url} and {@code api_key} of {@code ~/.vane/settings} (written
   * by {@code vane login}); the server defaults to {@code http://127.0.0.1:8080}.
   *
   * @throws VaneException when no API key is set
   * @throws IllegalArgumentException when the configured base URL is invalid (the message names
   *     the setting)
   */
  public static Api create() {
    return create(Settings.load());
  }

  /** {@link #create()} with the settings given (tests give their own). */
  static Api create(Settings s) {
    String baseUrl = Validation.checkBaseUrl(s.source("base_url"), s.baseUrl());
    if (s.apiKey() == null) {
      throw new VaneException(
          "no API key for the Vane server at "
              + baseUrl
              + ": set VANE_API_KEY or run `vane login --host URL --key KEY`");
    }
    return new Api(new ApiHttp(baseUrl, s.apiKey()));
  }

  /**
   * An API client of the server at {@code baseUrl} with an API key.
   *
   * @param baseUrl such as {@code http://127.0.0.1:8080} (a trailing {@code /} is dropped)
   * @throws IllegalArgumentException naming {@code baseUrl} or {@code apiKey} when one is invalid
   */
  public static Api create(String baseUrl, String apiKey) {
    String url = Validation.checkBaseUrl("baseUrl", baseUrl);
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be empty");
    }
    return new Api(new ApiHttp(url, apiKey.strip()));
  }

  /** The server's base URL, without trailing slash. */
  public String baseUrl() {
    return http.baseUrl();
  }

  /**
   * Reads a run.
   *
   * @param path {@code "entity/project/id"}
   * @throws IllegalArgumentException naming {@code path} when it is not of that form or breaks
   *     the name and ID rules
   * @throws VaneException {@code 404 not_found} ("no run entity/project/id") when there is no such
   *     run (never created, or deleted), {@code 401} for a bad key, {@code 403} for an entity the
   *     key may not read
   */
  public ApiRun run(String path) {
    RunPaths.RunPath p = RunPaths.run("path", path);
    return new ApiRun(http, http.get(p.api(), "run " + p));
  }

  /**
   * A project's runs, newest first, fetched a page at a time as the stream is consumed.
   *
   * @param path {@code "entity/project"}
   * @throws IllegalArgumentException naming {@code path} when it is not of that form
   * @throws VaneException when the project does not exist ({@code 404}) or the server refuses
   */
  public Stream<ApiRun> runs(String path) {
    return runs(path, RunFilter.all(), DEFAULT_PAGE_SIZE);
  }

  /**
   * A project's runs that match the filter, newest first, fetched a page at a time.
   *
   * @see #runs(String, RunFilter, int)
   */
  public Stream<ApiRun> runs(String path, RunFilter filter) {
    return runs(path, filter, DEFAULT_PAGE_SIZE);
  }

  /**
   * A project's runs that match the filter, newest first. The first page is fetched at once (so a
   * bad path, filter or key fails here), each next one when the stream has consumed the runs
   * before it; a page fetched later may hold runs created since the stream began, when they are
   * older than those already listed (runs are listed by start time).
   *
   * @param path {@code "entity/project"}
   * @param filter which runs: {@link RunFilter#all()}, {@link RunFilter#group(String)}, ...
   * @param pageSize runs per request, 1 to 1000
   * @throws IllegalArgumentException naming {@code path}, {@code filter} or {@code pageSize} when
   *     one is invalid
   * @throws VaneException {@code 400 invalid_argument} for an unknown state, {@code 404} for an
   *     unknown project, and other refusals of the server
   */
  public Stream<ApiRun> runs(String path, RunFilter filter, int pageSize) {
    RunPaths.ProjectPath p = RunPaths.project("path", path);
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null (use RunFilter.all())");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("pageSize must be from 1 to 1000, not " + pageSize);
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("group", filter.group());
    params.put("jobType", filter.jobType());
    params.put("state", filter.state());
    return RunPages.stream(http, p, params, pageSize, json -> new ApiRun(http, json));
  }

  /** {@code Api[baseUrl]}. */
  @Override
  public String toString() {
    return "Api[" + http.baseUrl() + "]";
  }
}
