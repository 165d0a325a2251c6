package dev.vane.internal.meta;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The libraries on the classpath with their versions, one per line as {@code
 * groupId:artifactId==version} (W&amp;B's {@code requirements.txt} is {@code pip freeze}; this is
 * its JVM counterpart). A jar names its libraries in {@code META-INF/maven/.../pom.properties} (a
 * shaded jar holds several), else in its manifest, else by its file name.
 */
final class Requirements {
  private Requirements() {}

  /** The lines for a classpath ({@code java.class.path}), sorted, each library once. */
  static String of(String classpath) {
    TreeSet<String> lines = new TreeSet<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
        lines.addAll(ofJar(p));
      }
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static TreeSet<String> ofJar(Path jar) {
    TreeSet<String> out = new TreeSet<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = j.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String n = e.getName();
        if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
          Properties props = new Properties();
          try (InputStream in = j.getInputStream(e)) {
            props.load(in);
          }
          String g = props.getProperty("groupId");
          String a = props.getProperty("artifactId");
          String v = props.getProperty("version");
          if (g != null && a != null) {
            out.add(g + ":" + a + (v == null ? "" : "==" + v));
          }
        }
      }
      if (out.isEmpty() && j.getManifest() != null) {
        Attributes m = j.getManifest().getMainAttributes();
        String title = first(m, "Bundle-SymbolicName", "Implementation-Title", "Automatic-Module-Name");
        String version = first(m, "Bundle-Version", "Implementation-Version");
        if (title != null) {
          out.add(title.split(";")[0].strip() + (version == null ? "" : "==" + version));
        }
      }
    } catch (IOException | SecurityException e) {
      // unreadable: named by its file below
    }
    if (out.isEmpty()) {
      out.add(jar.getFileName().toString());
    }
    return out;
  }

  private static String first(Attributes a, String... names) {
    for (String n : names) {
      String v = a.getValue(n);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
