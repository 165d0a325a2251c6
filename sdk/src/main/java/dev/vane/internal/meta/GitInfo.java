package dev.vane.internal.meta;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The git state of the working directory, through the {@code git} command (no library: the SDK
 * stays small, and the user's own git sees their config): remote URL (credentials removed),
 * branch, commit, whether the tree is dirty, and the uncommitted diff against HEAD.
 *
 * @param fields {@code remote}, {@code branch}, {@code commit}, {@code dirty}, {@code root}; empty
 *     outside a git checkout
 * @param diff the output of {@code git diff HEAD}, or {@code null} when clean or unknown
 */
record GitInfo(Map<String, Object> fields, String diff) {
  private static final long TIMEOUT_MILLIS = 5_000;

  /** Reads the state of the checkout holding {@code dir}; empty when there is none or no git. */
  static GitInfo of(Path dir, boolean withDiff) {
    String root = git(dir, "rev-parse", "--show-toplevel");
    if (root == null) {
      return new GitInfo(Map.of(), null);
    }
    Map<String, Object> f = new LinkedHashMap<>();
    String remote = git(dir, "config", "--get", "remote.origin.url");
    if (remote != null) {
      f.put("remote", withoutCredentials(remote));
    }
    String branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
    if (branch != null) {
      f.put("branch", branch);
    }
    String commit = git(dir, "rev-parse", "HEAD");
    if (commit != null) {
      f.put("commit", commit);
    }
    String status = Commands.output(dir, TIMEOUT_MILLIS, "git", "status", "--porcelain");
    if (status != null) {
      f.put("dirty", !status.isBlank());
    }
    f.put("root", root);
    String diff = null;
    if (withDiff && Boolean.TRUE.equals(f.get("dirty")) && commit != null) {
      diff = Commands.output(dir, TIMEOUT_MILLIS, "git", "diff", "HEAD", "--binary");
      if (diff != null && diff.isEmpty()) {
        diff = null; // only untracked files: nothing to patch
      }
    }
    return new GitInfo(f, diff);
  }

  private static String git(Path dir, String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    String out = Commands.output(dir, TIMEOUT_MILLIS, cmd);
    return out == null || out.isBlank() ? null : out.strip();
  }

  /** The URL without a user or password: {@code https://user:token@host/x} is never recorded. */
  static String withoutCredentials(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() != null && u.getRawUserInfo() != null) {
        return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(),
            u.getFragment()).toString();
      }
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      // scp-like (git@host:x.git): the part before @ is a user name, not a secret
    }
    return url;
  }
}
