package dev.vane.internal.sync;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunLogUploader#sync(Path)} did for one run.
 *
 * @param log the run log synced
 * @param runPath {@code entity/project/id} on the server, or {@code null} when the server was not
 *     reached
 * @param url the run's page, or {@code null} when the server was not reached
 * @param recordsSent records the server applied now (0 when it had them all already)
 * @param recordsTotal valid records in the log
 * @param files run files now on the server (uploaded now or already identical there)
 * @param complete whether the server now has every record and file
 * @param error why the sync is not complete, or {@code null}
 */
public record SyncReport(
    Path log,
    String runPath,
    String url,
    long recordsSent,
    long recordsTotal,
    List<String> files,
    boolean complete,
    String error) {

  /** Copies the file list. */
  public SyncReport {
    files = List.copyOf(files);
  }
}
