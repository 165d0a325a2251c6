package dev.vane.protocol;

/**
 * The decoded content of a run record. Each record type has one payload class; {@link RecordCodec}
 * turns payloads into the bytes stored in a frame and back.
 */
public sealed interface RecordPayload
    permits RunStart,
        ConfigUpdate,
        HistoryRow,
        SummaryUpdate,
        RunExit,
        MetricDefinition,
        DetailsUpdate,
        RunMetadata,
        SystemSample,

        ConsoleLines {

  /** The record type this payload is stored as. */
  RecordType type();
}
