package dev.vane.server.store;

/**
 * One console line of a run.
 *
 * @param line the line's number in the run, from 0
 * @param stream {@code stdout} or {@code stderr}
 * @param atMillis when the program completed the line, epoch milliseconds
 * @param text the line without its newline
 */
public record LogLine(long line, String stream, long atMillis, String text) {}
