package dev.vane.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.vane.protocol.HistoryRow;
import dev.vane.protocol.MalformedRecordException;
import dev.vane.protocol.RecordCodec;
import dev.vane.protocol.RecordType;
import dev.vane.protocol.VaneJson;
import dev.vane.server.store.history.HistoryBatch;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Decodes HISTORY payloads ({@code {"values":{"_step":0,"k":1.5,...}}}) with Jackson's streaming
 * parser straight into a {@link HistoryBatch}: numbers go to primitive columns without a map, a box
 * or a copy per value, and repeated keys are the parser's canonical strings.
 *
 * <p>Only the usual shape takes this path: an object whose {@code values} object holds scalars and
 * a valid {@code _step}. Anything else (nested values, a missing or bad {@code _step}, a repeated
 * {@code values}, malformed JSON) is decoded again the old way, with {@link RecordCodec} into a
 * {@link HistoryRow}, so rare payloads are accepted, rejected and typed exactly as before.
 */
final class HistoryRowDecoder {
  /**
   * The record mapper's parser settings (bare NaN tokens, limits), plus Jackson's fast double
   * parser: it rounds exactly as {@link Double#parseDouble} does, several times faster on the
   * 17-digit doubles that metrics mostly are.
   */
  private static final JsonFactory JSON =
      VaneJson.records()
          .getFactory()
          .rebuild()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private static final String VALUES = "values";

  private HistoryRowDecoder() {}

  /**
   * Adds a payload's row to the batch.
   *
   * @return {@code null} when the row was added, else why its {@code _step} is not valid (the row
   *     is then not added, and the batch fails if the record is applied)
   * @throws MalformedRecordException when the payload is not a history record
   */
  static String decode(byte[] payload, HistoryBatch batch) {
    if (streamed(payload, batch)) {
      return null;
    }
    batch.abandonRow();
    HistoryRow row = (HistoryRow) RecordCodec.decode(RecordType.HISTORY, payload);
    Object step = row.values().get(HistoryRow.STEP);
    String bad = badStep(step);
    if (bad == null) {
      batch.addRow(row.values(), ((Number) step).longValue());
    }
    return bad;
  }

  /** The usual shape, streamed into the batch's row; false (row left half built) otherwise. */
  private static boolean streamed(byte[] payload, HistoryBatch batch) {
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean sawValues = false;
      long step = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!VALUES.equals(field)) {
          p.skipChildren(); // unknown properties are ignored, as by the record mapper
          continue;
        }
        if (sawValues || t != JsonToken.START_OBJECT) {
          return false;
        }
        sawValues = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken v = p.nextToken();
          if (key.equals(HistoryRow.STEP)) {
            step = step(p, v);
            if (step < 0) {
              return false;
            }
            batch.putLong(key, step);
          } else if (!value(p, v, key, batch)) {
            return false;
          }
        }
      }
      if (!sawValues || step < 0) {
        return false;
      }
      batch.endRow(step);
      return true;
    } catch (IOException e) {
      return false; // malformed: the record mapper says why
    }
  }

  /** Puts a scalar value as the record mapper would type it; false for a nested value. */
  private static boolean value(JsonParser p, JsonToken t, String key, HistoryBatch batch)
      throws IOException {
    switch (t) {
      case VALUE_NUMBER_FLOAT -> batch.putDouble(key, p.getDoubleValue());
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          batch.putOther(key, p.getBigIntegerValue());
        } else {
          batch.putLong(key, p.getLongValue());
        }
      }
      case VALUE_STRING -> batch.putOther(key, p.getText());
      case VALUE_TRUE -> batch.putOther(key, Boolean.TRUE);
      case VALUE_FALSE -> batch.putOther(key, Boolean.FALSE);
      case VALUE_NULL -> batch.putOther(key, null);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A streamed {@code _step} when it is a valid one, else -1. */
  private static long step(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return Math.max(-1, p.getLongValue());
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      return validDoubleStep(d) ? (long) d : -1;
    }
    return -1;
  }

  /**
   * Why a decoded {@code _step} is not an integer {@code >= 0} that fits a {@code long}, or {@code
   * null} when it is. An integral double counts as that integer.
   */
  static String badStep(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      if (((Number) value).longValue() >= 0) {
        return null;
      }
    } else if (value instanceof BigInteger) {
      return "the history row's _step is too large";
    } else if (value instanceof Double d && validDoubleStep(d)) {
      return null;
    }
    if (value == null) {
      return "the history row has no _step";
    }
    return "the history row's _step must be an integer >= 0, not " + value;
  }

  private static boolean validDoubleStep(double d) {
    return d >= 0 && d == Math.rint(d) && d < 0x1p63;
  }
}
