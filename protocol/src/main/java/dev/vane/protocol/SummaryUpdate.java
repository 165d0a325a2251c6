package dev.vane.protocol;

import java.util.List;
import java.util.Map;

/**
 * An explicit change to the run's summary. By default a key's summary is its last logged value; a
 * summary update sets keys to other values or removes them, until the key is logged again.
 *
 * @param values keys set and their values
 * @param removed keys removed from the summary
 */
public record SummaryUpdate(Map<String, Object> values, List<String> removed)
    implements RecordPayload {

  /** Copies the collections so the record cannot change after creation. */
  public SummaryUpdate {
    values = values == null ? Map.of() : Maps.copyKeepingNulls(values);
    removed = removed == null ? List.of() : List.copyOf(removed);
  }

  @Override
  public RecordType type() {
    return RecordType.SUMMARY;
  }
}
