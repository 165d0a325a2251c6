package dev.vane.protocol;

import java.util.Map;

/**
 * Config keys set during the run. Keys not named keep their values.
 *
 * @param values the keys set and their new values
 */
public record ConfigUpdate(Map<String, Object> values) implements RecordPayload {

  /** Copies the map so the record cannot change after creation. */
  public ConfigUpdate {
    values = values == null ? Map.of() : Maps.copyKeepingNulls(values);
  }

  @Override
  public RecordType type() {
    return RecordType.CONFIG;
  }
}
