package dev.vane.protocol;

import java.util.Map;

/**
 * One sample of the machine's and the process's resource use, taken by the SDK's system metrics
 * sampler on a thread of its own. Keys start with {@code system.} (for example {@code system.cpu}
 * or {@code system.gpu.0.temp}; docs/sdk.md lists them all) and values are numbers. A metric that
 * could not be read is absent rather than zero. System samples are not history rows: they have no
 * step, and the server keeps them in series of their own, ordered by runtime.
 *
 * @param values metric name to value
 * @param timestamp Unix time in seconds when the sample was taken
 * @param runtime seconds since the run started when the sample was taken
 */
public record SystemSample(Map<String, Object> values, double timestamp, double runtime)
    implements RecordPayload {

  /** The prefix of every system metric name. */
  public static final String PREFIX = "system.";

  /** Copies the map so the record cannot change after creation. */
  public SystemSample {
    values = values == null ? Map.of() : Maps.copyKeepingNulls(values);
  }

  @Override
  public RecordType type() {
    return RecordType.SYSTEM;
  }
}
