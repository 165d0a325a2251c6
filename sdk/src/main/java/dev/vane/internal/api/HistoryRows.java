package dev.vane.internal.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vane.VaneException;
import dev.vane.protocol.VaneJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of {@code GET .../history} as a stream, parsed one row at a time as the answer
 * arrives: memory stays bounded however long the history. Closing the stream closes the
 * connection; reading to the end closes it too.
 */
public final class HistoryRows extends Spliterators.AbstractSpliterator<Map<String, Object>>
    implements AutoCloseable {
  private final InputStream in;
  private final JsonParser parser;
  private final String subject;
  private boolean done;

  private HistoryRows(InputStream in, String subject) throws IOException {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.in = in;
    this.subject = subject;
    this.parser = VaneJson.api().createParser(in);
    seekRows();
  }

  /**
   * Opens the stream of a history request.
   *
   * @param path the history path and query
   * @param subject what is read, for messages ("history of run e/p/id")
   */
  public static Stream<Map<String, Object>> open(ApiHttp http, String path, String subject) {
    InputStream in = http.open(path, subject);
    HistoryRows rows;
    try {
      rows = new HistoryRows(in, subject);
    } catch (IOException | RuntimeException e) {
      closeQuietly(in);
      throw broken(subject, e);
    }
    return StreamSupport.stream(rows, false).onClose(rows::close);
  }

  /** Moves to the first element of the {@code rows} array. */
  private void seekRows() throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("the answer is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("rows") && value == JsonToken.START_ARRAY) {
        return;
      }
      parser.skipChildren();
    }
    throw new IOException("the answer has no rows");
  }

  @Override
  public boolean tryAdvance(Consumer<? super Map<String, Object>> action) {
    if (done) {
      return false;
    }
    JsonNode row;
    try {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        close();
        return false;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new IOException("a row is not a JSON object: " + t);
      }
      row = parser.readValueAsTree();
    } catch (IOException | RuntimeException e) {
      close();
      throw broken(subject, e);
    }
    action.accept(JsonValues.map(row));
    return true;
  }

  /** Closes the parser and the connection; idempotent. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      parser.close();
    } catch (IOException ignored) {
      // closing the connection below is what matters
    }
    closeQuietly(in);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  private static VaneException broken(String subject, Exception e) {
    if (e instanceof VaneException v) {
      return v;
    }
    return new VaneException("cannot read the " + subject + ": " + e.getMessage(), e);
  }
}
