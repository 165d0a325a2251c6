package dev.vane.protocol.wire;

/**
 * The server's answer to a batch of frames.
 *
 * @param lastSeq the highest sequence number now applied: every frame up to it is durable on the
 *     server
 * @param applied how many frames of this batch were applied (frames at or below the previous
 *     {@code lastSeq} are skipped, so retries change nothing)
 * @param stopped whether someone asked for the run to stop
 */
public record IngestResult(long lastSeq, int applied, boolean stopped) {}
