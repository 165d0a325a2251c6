package dev.vane.protocol;

import java.util.List;

/**
 * A change of the run's editable details during the run ({@code run.setName}, {@code setNotes},
 * {@code setTags}, {@code setGroup}, {@code setJobType}); each {@code null} field stays as it is.
 *
 * @param name the new display name, or {@code null}
 * @param notes the new notes, or {@code null}
 * @param tags the new tags (replacing the old), or {@code null}
 * @param group the new group, or {@code null}
 * @param jobType the new job type, or {@code null}
 */
public record DetailsUpdate(
    String name, String notes, List<String> tags, String group, String jobType)
    implements RecordPayload {

  /** Copies the tags. */
  public DetailsUpdate {
    tags = tags == null ? null : List.copyOf(tags);
  }

  @Override
  public RecordType type() {
    return RecordType.DETAILS;
  }
}
