package dev.vane.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The content of {@code files/vane-metadata.json}: where and how the run started. */
final class Metadata {
  private Metadata() {}

  static Map<String, Object> of(double startTime) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("vane", Version.current());
    m.put("startedAt", Instant.ofEpochMilli((long) (startTime * 1000)).toString());
    m.put("host", host());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.version"));
    m.put("javaVendor", System.getProperty("java.vendor"));
    m.put("javaVm", System.getProperty("java.vm.name"));
    m.put("pid", ProcessHandle.current().pid());
    m.put("cwd", System.getProperty("user.dir"));
    m.put("user", System.getProperty("user.name"));
    m.put("command", System.getProperty("sun.java.command"));
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("maxMemoryBytes", Runtime.getRuntime().maxMemory());
    return m;
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      h = System.getenv("COMPUTERNAME");
    }
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }
}
