package dev.vane.protocol;

import java.util.List;

/**
 * A batch of console lines, in the order the process printed them. Lines are batched because a
 * program may print thousands of lines a second and one frame per line would bloat the run log.
 *
 * @param lines the lines, oldest first
 */
public record ConsoleLines(List<ConsoleLine> lines) implements RecordPayload {

  /** Copies the lines; a missing list is empty. */
  public ConsoleLines {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  @Override
  public RecordType type() {
    return RecordType.CONSOLE;
  }
}
