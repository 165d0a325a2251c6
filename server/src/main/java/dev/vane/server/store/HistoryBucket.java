package dev.vane.server.store;

/**
 * One bucket of a sampled series: the numeric points whose steps fall in one slice of the range.
 * {@code min} and {@code max} are exact and leave NaN out (NaN when every value is NaN); {@code
 * last} is the value at {@code lastStep}, the bucket's highest step, and draws the line.
 *
 * @param minStep the lowest step of a point in the bucket
 * @param maxStep the highest step of a point in the bucket
 * @param count the points in the bucket
 * @param min the least value
 * @param max the greatest value
 * @param last the value at {@code lastStep}
 * @param lastStep the step of the last point
 */
public record HistoryBucket(
    long minStep, long maxStep, long count, double min, double max, double last, long lastStep) {}
