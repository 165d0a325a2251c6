package dev.vane.protocol;

import java.util.Map;

/**
 * Where and how the run's program runs: command, Java, OS, host, hardware, git. Captured on a
 * background thread after the start and recorded once per writer (a resumed run records its new
 * writer's); the server shows the latest as the run's {@code metadata}.
 *
 * @param values the captured fields (see {@code docs/sdk.md}); a field that could not be captured
 *     is left out
 */
public record RunMetadata(Map<String, Object> values) implements RecordPayload {

  /** Copies the map so the record cannot change after creation. */
  public RunMetadata {
    values = values == null ? Map.of() : Maps.copyKeepingNulls(values);
  }

  @Override
  public RecordType type() {
    return RecordType.METADATA;
  }
}
