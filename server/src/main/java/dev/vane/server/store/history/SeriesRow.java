package dev.vane.server.store.history;

/**
 * A row of {@code history_series}: one key of one run, with its open region (the chunks after the
 * last full one, which the next compaction merges).
 *
 * @param seriesId the key's number within the run
 * @param name the key
 * @param pointCount numeric points in chunks
 * @param hasText whether {@code history_values} may hold points of the series
 * @param firstStep the lowest step of any point, or {@code null} before the first
 * @param lastStep the highest step of any point, or {@code null} before the first
 * @param openFrom the first step of the open region, or {@code null} when there is none
 * @param openCount points in the open region
 * @param openChunks chunks in the open region
 */
record SeriesRow(
    long seriesId,
    String name,
    long pointCount,
    boolean hasText,
    Long firstStep,
    Long lastStep,
    Long openFrom,
    int openCount,
    int openChunks) {}
