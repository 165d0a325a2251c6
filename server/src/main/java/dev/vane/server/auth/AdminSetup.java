package dev.vane.server.auth;

import dev.vane.server.store.Database;
import dev.vane.server.store.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Creates the server's admin on first start: the {@code admin} user and one API key, whose plain
 * text is written once to {@code DATA/admin-api-key} (mode 0600) and never stored in the database.
 *
 * <p>Safe when several servers start at once on one empty database: the users table is locked while
 * the admin is created, so exactly one process creates it and writes the key file; the others find
 * a user and start without a key.
 */
public final class AdminSetup {
  /** The admin's user name. */
  public static final String ADMIN = "admin";

  /** The file in the data folder that receives the admin's key. */
  public static final String KEY_FILE = "admin-api-key";

  private AdminSetup() {}

  /**
   * Creates the admin when the database has no users yet.
   *
   * @return the new admin's plain API key, or empty when users existed already
   */
  public static Optional<String> ensureAdmin(Database database, Path dataDir) throws IOException {
    if (database.read(s -> s.users().count()) > 0) {
      return Optional.empty();
    }
    String key = ApiKeys.generate();
    // The key file is written aside first and moved into place after the commit: a failed commit
    // leaves no key file, a failed write leaves no admin without a key.
    // A name of its own: servers sharing the data folder must not write each other's key aside.
    Path file = dataDir.resolve(KEY_FILE);
    Path tmp = createOwnerOnly(dataDir);
    try {
      Files.writeString(tmp, key, StandardCharsets.UTF_8); // no newline: use the bytes as they are
      boolean created =
          database.write(
              s -> {
                s.users().lockForUpdate();
                if (s.users().count() > 0) {
                  return false; // another process won the race
                }
                long now = System.currentTimeMillis();
                User admin = s.users().create(ADMIN, true, now);
                s.users()
                    .addKey(admin.id(), ApiKeys.hash(key), ApiKeys.prefix(key), "first key", now);
                return true;
              });
      if (!created) {
        return Optional.empty();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(key);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A new empty file beside the key file, readable by the owner only. */
  private static Path createOwnerOnly(Path dataDir) throws IOException {
    String prefix = KEY_FILE + ".";
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      // Created with 0600 from the start, so the key is never readable by others, not even briefly.
      return Files.createTempFile(
          dataDir,
          prefix,
          ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dataDir, prefix, ".tmp");
  }
}
