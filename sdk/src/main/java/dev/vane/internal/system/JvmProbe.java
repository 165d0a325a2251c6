package dev.vane.internal.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;

/**
 * The JVM's own view through its management beans: heap used and committed, the time and count of
 * garbage collections since the JVM started, and live threads. These need no native code, so they
 * are there even where OSHI is not.
 */
final class JvmProbe implements Probe {
  private static final double MB = 1024.0 * 1024.0;

  @Override
  public void sample(Map<String, Object> into) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    into.put("system.jvm.heap.usedMB", heap.getUsed() / MB);
    into.put("system.jvm.heap.committedMB", heap.getCommitted() / MB);
    long time = 0;
    long count = 0;
    boolean known = false;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      // -1 means this collector does not tell; the others still add up.
      if (gc.getCollectionTime() >= 0) {
        time += gc.getCollectionTime();
        known = true;
      }
      if (gc.getCollectionCount() >= 0) {
        count += gc.getCollectionCount();
      }
    }
    if (known) {
      into.put("system.jvm.gc.timeMs", time);
      into.put("system.jvm.gc.count", count);
    }
    into.put("system.jvm.threads", ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
