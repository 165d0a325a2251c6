package dev.vane.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Metadata of run files. The bytes live on disk ({@link RunFolders}); the metadata is written after
 * the bytes are in place, so a listed file can always be read.
 */
public interface FileStore {

  /** Adds or replaces a file's metadata. */
  void put(long runPk, StoredFile file);

  /** The run's files, by name. */
  List<StoredFile> list(long runPk);

  /** One file's metadata. */
  Optional<StoredFile> find(long runPk, String name);

  /** Deletes the metadata of all the run's files. */
  void deleteAll(long runPk);
}
