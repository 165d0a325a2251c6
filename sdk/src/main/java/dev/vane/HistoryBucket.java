package dev.vane;

/**
 * One bucket of a key's sampled history ({@link ApiRun#sampledHistory(String, int)}): the points
 * of a step range, summarised for a chart. {@code min} and {@code max} leave NaN out and are NaN
 * only for a bucket of NaNs.
 *
 * @param minStep the first step the bucket holds
 * @param maxStep the last step the bucket holds
 * @param count how many points it holds
 * @param min the smallest value
 * @param max the largest value
 * @param last the value at {@code lastStep}, which draws the line
 * @param lastStep the step of {@code last}
 */
public record HistoryBucket(
    long minStep, long maxStep, long count, double min, double max, double last, long lastStep) {}
