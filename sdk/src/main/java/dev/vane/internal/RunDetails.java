package dev.vane.internal;

import dev.vane.protocol.DetailsUpdate;
import java.util.Arrays;
import java.util.List;

/**
 * A run's editable details as this process knows them: name, notes, tags, group, job type. The
 * setters check their argument and return the record to log. Thread-safe.
 */
final class RunDetails {
  private volatile String name;
  private volatile String notes;
  private volatile List<String> tags;
  private volatile String group;
  private volatile String jobType;

  RunDetails(String name, String notes, List<String> tags, String group, String jobType) {
    this.name = name;
    this.notes = notes;
    this.tags = List.copyOf(tags);
    this.group = group;
    this.jobType = jobType;
  }

  /** The name, or {@code null} until the server has named the run. */
  String name() {
    return name;
  }

  /** Takes the server's name (generated, or kept on resume) unless the run was named here. */
  void named(String serverName) {
    if (name == null) {
      name = serverName;
    }
  }

  /** Takes the stored details this process gave none of (a resumed run keeps them). */
  void restore(String storedNotes, List<String> storedTags, String storedGroup,
      String storedJobType) {
    if (group == null) {
      group = storedGroup;
    }
    if (jobType == null) {
      jobType = storedJobType;
    }
    if (notes == null) {
      notes = storedNotes;
    }
    if (tags.isEmpty() && storedTags != null) {
      tags = List.copyOf(storedTags);
    }
  }

  String notes() {
    return notes;
  }

  List<String> tags() {
    return tags;
  }

  String group() {
    return group;
  }

  String jobType() {
    return jobType;
  }

  DetailsUpdate setName(String newName) {
    if (newName == null || newName.isBlank()) {
      throw new IllegalArgumentException("name must not be null or blank");
    }
    name = newName;
    return new DetailsUpdate(newName, null, null, null, null);
  }

  DetailsUpdate setNotes(String newNotes) {
    String value = newNotes == null ? "" : newNotes; // null in the record means unchanged
    notes = value;
    return new DetailsUpdate(null, value, null, null, null);
  }

  DetailsUpdate setTags(String... newTags) {
    if (newTags == null) {
      throw new IllegalArgumentException("tags must not be null (pass none to clear them)");
    }
    for (String t : newTags) {
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException(
            "tags must be non-empty strings, got " + Arrays.toString(newTags));
      }
    }
    tags = List.of(newTags);
    return new DetailsUpdate(null, null, tags, null, null);
  }
}
