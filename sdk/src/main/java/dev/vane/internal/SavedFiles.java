package dev.vane.internal;

import dev.vane.internal.sync.ApiClient;
import dev.vane.internal.sync.FileUploader;
import dev.vane.internal.sync.RunTarget;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Files saved with {@code run.save(...)}: placed in the run's {@code files/} folder (a symbolic
 * link to the source for {@code live} and {@code end}, a copy where links are impossible and for
 * {@code now}), and for an online run uploaded by a background thread: {@code now} files as soon
 * as possible, {@code live} files whenever their content changes (checked every {@link
 * #CHECK_MILLIS}). At finish, {@link #beforeFinalUpload()} refreshes copies and picks up files
 * that appeared since; the final upload of {@code files/} then sends what the server lacks.
 *
 * <p>Never throws into the caller except for argument errors: file problems are warnings.
 */
final class SavedFiles {
  /** How often live files are checked for changes. */
  static final long CHECK_MILLIS = 2000;
  /** How long finish waits for the background thread to stop. */
  private static final long STOP_WAIT_MILLIS = 5000;
  /** Files the SDK writes itself; a saved file may not replace them. */
  private static final Set<String> RESERVED =
      Set.of("config.json", "vane-summary.json", "vane-metadata.json");

  /** When a saved file is uploaded. */
  enum Policy {
    /** As soon as possible, once. */
    NOW,
    /** At finish. */
    END,
    /** Now, again whenever it changes while the run lives, and at finish. */
    LIVE;

    /**
     * The policy named {@code now}, {@code end} or {@code live}.
     *
     * @throws IllegalArgumentException naming {@code policy} otherwise
     */
    static Policy parse(String policy) {
      if (policy != null) {
        switch (policy) {
          case "now":
            return NOW;
          case "end":
            return END;
          case "live":
            return LIVE;
          default:
            break;
        }
      }
      throw new IllegalArgumentException(
          "policy must be \"now\", \"end\" or \"live\", not " + quote(policy));
    }
  }

  /** A save: the files a glob (or one path) matches, named relative to a base folder or not. */
  private record Watch(String glob, Path root, PathMatcher matcher, Path literal, Path baseDir,
      Policy policy) {}

  /** A file placed in {@code files/}. */
  private static final class Entry {
    final String name;
    final Path source;
    final Policy policy;
    boolean linked;
    boolean uploadPending = true;
    volatile String uploadedSha;
    long seenSize = -1;
    long seenModified = -1;

    Entry(String name, Path source, Policy policy) {
      this.name = name;
      this.source = source;
      this.policy = policy;
    }
  }

  private final Path filesDir;
  private final Diagnostics diag;
  private final List<Watch> watches = new ArrayList<>(); // guarded by this
  private final Map<String, Entry> entries = new LinkedHashMap<>(); // guarded by this
  private Thread thread; // guarded by this
  private volatile boolean stopping;

  SavedFiles(Path filesDir, Diagnostics diag) {
    this.filesDir = filesDir.toAbsolutePath().normalize();
    this.diag = diag;
  }

  /** Checks the arguments of {@code save(path, policy)}. */
  static Policy check(Path path, String policy) {
    if (path == null) {
      throw new IllegalArgumentException("path must not be null");
    }
    return Policy.parse(policy);
  }

  /** Checks the arguments of {@code save(glob, baseDir, policy)}. */
  static Policy check(String glob, String policy) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("glob must not be null or blank, not " + quote(glob));
    }
    Policy p = Policy.parse(policy);
    // Checked here so that a bad pattern is the caller's error, not a warning later.
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + split(glob)[1]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("glob " + quote(glob) + " is not a valid pattern: "
          + e.getMessage(), e);
    }
    return p;
  }

  /** Saves one file, named by its file name. */
  void save(Path path, Policy policy) {
    Path abs = path.toAbsolutePath().normalize();
    add(new Watch(path.toString(), null, null, abs, null, policy));
  }

  /** Saves the files a glob matches, named relative to {@code baseDir} or by their file names. */
  void save(String glob, Path baseDir, Policy policy) {
    String[] parts = split(glob);
    Path root = Paths.get(parts[0]).toAbsolutePath().normalize();
    PathMatcher matcher = parts[1].isEmpty() ? null
        : FileSystems.getDefault().getPathMatcher("glob:" + parts[1]);
    Path base = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
    add(new Watch(glob, root, matcher, matcher == null ? root : null, base, policy));
  }

  private void add(Watch w) {
    int placed;
    synchronized (this) {
      watches.add(w);
      placed = place(w);
      notifyAll(); // a "now" file goes up without waiting for the next check
    }
    if (placed == 0) {
      diag.warn("save: no file matches " + w.glob() + (w.policy() == Policy.NOW ? ""
          : "; it is saved if it appears before the run finishes"));
    }
  }

  /**
   * Splits a glob into the folder before its first part with a wildcard, and the rest: {@code
   * "out/ckpt/*.pt"} is {@code ["out/ckpt", "*.pt"]}. Without wildcards the rest is empty.
   */
  static String[] split(String glob) {
    String g = glob.replace('\\', '/');
    String[] parts = g.split("/", -1);
    int i = 0;
    while (i < parts.length && !hasWildcard(parts[i])) {
      i++;
    }
    if (i == parts.length) {
      return new String[] {glob, ""};
    }
    String root = String.join("/", List.of(parts).subList(0, i));
    if (root.isEmpty()) {
      root = g.startsWith("/") ? "/" : ".";
    }
    return new String[] {root, String.join("/", List.of(parts).subList(i, parts.length))};
  }

  private static boolean hasWildcard(String part) {
    return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0
        || part.indexOf('{') >= 0;
  }

  /** The files a save matches now, by name. */
  static Map<String, Path> matches(Path root, PathMatcher matcher, Path literal, Path baseDir,
      Diagnostics diag) {
    Map<String, Path> out = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    if (literal != null) {
      if (Files.isRegularFile(literal)) {
        files.add(literal);
      } else if (Files.isDirectory(literal)) {
        diag.warnOnce("save:dir:" + literal, "save: " + literal
            + " is a folder; save files, or a glob such as " + literal + "/*");
      }
    } else if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> matcher.matches(root.relativize(p)))
            .sorted()
            .forEach(files::add);
      } catch (IOException | RuntimeException e) {
        diag.warnOnce("save:walk:" + root, "save: cannot list " + root + ": " + e.getMessage());
      }
    }
    for (Path f : files) {
      String name = name(f, baseDir, diag);
      if (name != null) {
        out.put(name, f);
      }
    }
    return out;
  }

  /**
   * The name under {@code files/}: relative to {@code baseDir} with {@code /} separators, or the
   * file name. {@code null} (with a warning) when the file is outside {@code baseDir} or the name
   * is one the SDK writes.
   */
  static String name(Path file, Path baseDir, Diagnostics diag) {
    Path rel = baseDir == null ? file.getFileName() : baseDir.relativize(file);
    List<String> parts = new ArrayList<>();
    for (Path p : rel) {
      parts.add(p.toString());
    }
    if (rel.isAbsolute() || parts.isEmpty() || parts.contains("..") || parts.contains(".")
        || parts.contains("")) {
      diag.warnOnce("save:outside:" + file, "save: " + file + " is not under the base folder "
          + baseDir + "; not saved");
      return null;
    }
    String name = String.join("/", parts);
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      diag.warnOnce("save:reserved:" + name, "save: " + name
          + " is a name Vane writes itself; " + file + " is not saved");
      return null;
    }
    return name;
  }

  /** Places a watch's matches in {@code files/}; the caller holds the lock. Returns the count. */
  private int place(Watch w) {
    Map<String, Path> found = matches(w.root(), w.matcher(), w.literal(), w.baseDir(), diag);
    for (Map.Entry<String, Path> m : found.entrySet()) {
      Entry old = entries.get(m.getKey());
      if (old != null && old.source.equals(m.getValue()) && old.policy == w.policy()
          && w.policy() != Policy.NOW) {
        continue; // the same file saved again: already in place
      }
      Entry e = new Entry(m.getKey(), m.getValue(), w.policy());
      if (link(e)) {
        if (old != null) {
          e.uploadedSha = old.uploadedSha;
        }
        entries.put(e.name, e);
      }
    }
    return found.size();
  }

  /** Links or copies an entry's source into {@code files/}; false (with a warning) on failure. */
  private boolean link(Entry e) {
    Path target = filesDir.resolve(e.name).normalize();
    if (!target.startsWith(filesDir) || target.equals(filesDir)) { // name() rules this out
      return false;
    }
    try {
      if (target.equals(e.source) || sameFile(target, e.source)) {
        e.linked = true; // written into files/ by the program itself
        return true;
      }
      Files.createDirectories(target.getParent());
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        diag.warn("save: files/" + e.name + " is a folder; " + e.source + " is not saved");
        return false;
      }
      if (e.policy != Policy.NOW) {
        try {
          Path tmp = tmp(target);
          Files.createSymbolicLink(tmp, e.source);
          move(tmp, target);
          e.linked = true;
          return true;
        } catch (IOException | UnsupportedOperationException | SecurityException ex) {
          diag.debug("save: cannot link " + target + " to " + e.source + " (" + ex
              + "); copying it");
        }
      }
      copy(e.source, target);
      e.linked = false;
      return true;
    } catch (IOException | RuntimeException ex) {
      diag.warn("save: cannot place " + e.source + " in " + filesDir + ": " + ex);
      return false;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Copies through a temporary file, so no reader (the uploader) sees half a copy. */
  private static void copy(Path source, Path target) throws IOException {
    Path tmp = tmp(target);
    try {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path tmp(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".vane-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Re-copies a copied entry whose source changed since it was last seen; the caller holds the
   * lock. Returns whether the content in {@code files/} may have changed.
   */
  private boolean refresh(Entry e) {
    try {
      Path p = e.linked ? filesDir.resolve(e.name) : e.source;
      if (!Files.isRegularFile(p)) {
        return false; // deleted meanwhile: the last copy stays
      }
      long size = Files.size(p);
      long modified = Files.getLastModifiedTime(p).to(TimeUnit.MILLISECONDS);
      if (size == e.seenSize && modified == e.seenModified) {
        return false;
      }
      if (!e.linked) {
        copy(e.source, filesDir.resolve(e.name));
      }
      e.seenSize = size;
      e.seenModified = modified;
      return true;
    } catch (IOException | RuntimeException ex) {
      diag.debug("save: cannot check " + e.source + ": " + ex);
      return false;
    }
  }

  /**
   * Starts the upload thread of an online run. {@code target} gives the run on the server, or
   * {@code null} until it is known.
   */
  synchronized void startUploads(ApiClient api, Supplier<RunTarget> target, String runId) {
    thread = new Thread(() -> uploadLoop(api, target), "vane-files-" + runId);
    thread.setDaemon(true);
    thread.start();
  }

  private void uploadLoop(ApiClient api, Supplier<RunTarget> target) {
    try {
      while (!stopping) {
        RunTarget run = target.get();
        if (run != null) {
          for (Entry e : due()) {
            if (stopping) {
              return;
            }
            upload(api, run, e);
          }
        }
        synchronized (this) {
          if (!stopping) {
            wait(CHECK_MILLIS);
          }
        }
      }
    } catch (InterruptedException e) {
      // finish stops the thread; the final upload sends what is left
    } catch (RuntimeException e) {
      diag.warn("uploading saved files failed: " + e + "; they are uploaded at finish");
    }
  }

  /** The entries to upload now: pending "now" files, and live files that changed. */
  private synchronized List<Entry> due() {
    for (Watch w : watches) {
      if (w.policy() == Policy.LIVE) {
        place(w); // files that appeared since
      }
    }
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.policy == Policy.LIVE && refresh(e)) {
        e.uploadPending = true;
      }
      if (e.uploadPending && e.policy != Policy.END) {
        out.add(e);
      }
    }
    return out;
  }

  private void upload(ApiClient api, RunTarget run, Entry e) throws InterruptedException {
    Path file = filesDir.resolve(e.name);
    try {
      String sha = FileUploader.sha256(file);
      synchronized (this) {
        e.uploadPending = false;
      }
      if (sha.equals(e.uploadedSha)) {
        return;
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      if (FileUploader.uploadFile(api, run, e.name, file, deadline, diag)) {
        e.uploadedSha = sha;
        diag.debug("uploaded saved file " + e.name);
      } else {
        diag.debug("could not upload saved file " + e.name + " now; it is uploaded at finish");
      }
    } catch (IOException ex) {
      diag.debug("cannot read saved file " + file + ": " + ex);
    }
  }

  /**
   * Stops the upload thread (an upload in flight is abandoned; the server keeps its staged part,
   * so the final upload resumes it), then places files that appeared since they were saved and
   * refreshes copies, so that {@code files/} holds the final content.
   */
  void beforeFinalUpload() {
    Thread t;
    synchronized (this) {
      stopping = true;
      notifyAll();
      t = thread;
    }
    if (t != null) {
      try {
        t.join(100); // between checks it stops at once; in an upload it is interrupted
        if (t.isAlive()) {
          t.interrupt();
          t.join(STOP_WAIT_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      for (Watch w : watches) {
        if (w.policy() != Policy.NOW) {
          place(w);
        }
      }
      for (Entry e : entries.values()) {
        if (e.policy != Policy.NOW) {
          refresh(e);
        }
      }
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  /** For tests: the names placed so far. */
  synchronized List<String> names() {
    return new ArrayList<>(entries.keySet());
  }
}
