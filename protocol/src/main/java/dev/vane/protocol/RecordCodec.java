package dev.vane.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes record payloads as the bytes stored in a frame and decodes them back. Payloads are UTF-8
 * JSON objects (see {@link VaneJson#records()}), which keeps run logs readable with
 * {@code vane log dump}; the frame's record type says which payload class to decode into.
 */
public final class RecordCodec {
  private RecordCodec() {}

  /** The frame payload bytes for a record. */
  public static byte[] encode(RecordPayload payload) {
    try {
      return VaneJson.records().writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + payload.type() + " record", e);
    }
  }

  /**
   * Decodes a frame payload of a known type.
   *
   * @throws MalformedRecordException when the bytes are not a valid payload of that type
   */
  public static RecordPayload decode(RecordType type, byte[] payload) {
    Class<? extends RecordPayload> cls =
        switch (type) {
          case RUN -> RunStart.class;
          case CONFIG -> ConfigUpdate.class;
          case HISTORY -> HistoryRow.class;
          case SUMMARY -> SummaryUpdate.class;
          case EXIT -> RunExit.class;
          case METRIC -> MetricDefinition.class;
          case DETAILS -> DetailsUpdate.class;
          case METADATA -> RunMetadata.class;
          case SYSTEM -> SystemSample.class;
          case CONSOLE -> ConsoleLines.class;
        };
    try {
      return VaneJson.records().readValue(payload, cls);
    } catch (IOException | RuntimeException e) {
      throw new MalformedRecordException(
          "invalid " + type.name().toLowerCase(java.util.Locale.ROOT) + " record: " + e.getMessage(),
          e);
    }
  }
}
