package dev.vane.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A project's runs ({@code GET /api/v1/runs/{entity}/{project}}) as a stream that fetches the
 * next page, by its cursor, only when the runs of the previous one have been consumed. The first
 * page is fetched at once, so a bad project or filter fails where the stream is asked for.
 *
 * @param <T> what each RUN object becomes
 */
public final class RunPages<T> extends Spliterators.AbstractSpliterator<T> {
  private final ApiHttp http;
  private final String base;
  private final String subject;
  private final Function<JsonNode, T> toRun;
  private final Deque<JsonNode> page = new ArrayDeque<>();
  private String cursor;

  private RunPages(ApiHttp http, String base, String subject, Function<JsonNode, T> toRun) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.http = http;
    this.base = base;
    this.subject = subject;
    this.toRun = toRun;
  }

  /**
   * The stream of the project's runs, newest first.
   *
   * @param filters query parameters such as {@code group}; {@code null} values are left out
   * @param pageSize runs per request, 1 to 1000
   * @param toRun makes each run of the answer
   */
  public static <T> Stream<T> stream(ApiHttp http, RunPaths.ProjectPath project,
      Map<String, String> filters, int pageSize, Function<JsonNode, T> toRun) {
    Map<String, String> params = new LinkedHashMap<>(filters);
    params.put("limit", Integer.toString(pageSize));
    StringBuilder base = new StringBuilder("/api/v1/runs/")
        .append(encode(project.entity())).append('/').append(encode(project.project()));
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() != null) {
        base.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
        sep = '&';
      }
    }
    RunPages<T> pages = new RunPages<>(http, base.toString(), "project " + project, toRun);
    pages.fetch(pages.base);
    return StreamSupport.stream(pages, false);
  }

  private void fetch(String path) {
    JsonNode answer = http.get(path, subject);
    answer.path("runs").forEach(page::add);
    JsonNode next = answer.path("nextCursor");
    cursor = next.isTextual() ? next.textValue() : null;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    while (page.isEmpty() && cursor != null) {
      fetch(base + "&cursor=" + encode(cursor));
    }
    JsonNode run = page.poll();
    if (run == null) {
      return false;
    }
    action.accept(toRun.apply(run));
    return true;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
