/**
 * Vane's SDK: record the runs of a training program.
 *
 * <p>{@link dev.vane.Vane} is the front door: {@link dev.vane.Vane#init(RunOptions)} starts a
 * {@link dev.vane.Run}, whose {@link dev.vane.Run#log(java.util.Map)} records metrics step by step,
 * and {@link dev.vane.Run#finish()} ends it. Everything a run records is first appended to a local
 * run log, then streamed to the server by a background thread, so logging never waits for the
 * network. {@link dev.vane.Api} reads runs back from the server and changes them ({@link
 * dev.vane.ApiRun}: fields, history, tags, stop, delete). Classes under {@code dev.vane.internal}
 * are not API and change without notice.
 *
 * <p>Parameters and return values are non-null unless documented otherwise.
 */
package dev.vane;
