package dev.vane.internal.system;

import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * CPU, memory, disk I/O, network and process metrics through OSHI. CPU loads are measured between
 * two samples (OSHI's tick counters) rather than with its blocking {@code getSystemCpuLoad(ms)},
 * so a pass does not sleep; disk and network counters are reported as totals since the probe was
 * made, as W&B does. Each group is read on its own, so one that fails leaves the others in.
 */
final class OshiProbe implements Probe {
  private static final double MB = 1024.0 * 1024.0;

  private final CentralProcessor cpu;
  private final GlobalMemory memory;
  private final OperatingSystem os;
  private final List<HWDiskStore> disks;
  private final List<NetworkIF> nics;
  private final int pid;
  private final int cpus;
  private long[] cpuTicks;
  private OSProcess process;
  private final long diskReadStart;
  private final long diskWriteStart;
  private final long netSentStart;
  private final long netRecvStart;

  /** Takes the baselines the first sample is measured against. */
  OshiProbe() {
    SystemInfo si = QuietSlf4j.around(SystemInfo::new);
    HardwareAbstractionLayer hal = si.getHardware();
    this.cpu = hal.getProcessor();
    this.memory = hal.getMemory();
    this.os = si.getOperatingSystem();
    this.disks = hal.getDiskStores();
    this.nics = hal.getNetworkIFs();
    this.pid = os.getProcessId();
    this.cpus = Math.max(1, cpu.getLogicalProcessorCount());
    this.cpuTicks = cpu.getSystemCpuLoadTicks();
    this.process = os.getProcess(pid);
    long[] disk = diskTotals();
    long[] net = netTotals();
    this.diskReadStart = disk[0];
    this.diskWriteStart = disk[1];
    this.netSentStart = net[0];
    this.netRecvStart = net[1];
  }

  @Override
  public void sample(Map<String, Object> into) {
    long[] ticks = cpu.getSystemCpuLoadTicks();
    double load = cpu.getSystemCpuLoadBetweenTicks(cpuTicks);
    cpuTicks = ticks;
    putPercent(into, "system.cpu", load * 100);

    long total = memory.getTotal();
    long available = memory.getAvailable();
    if (total > 0) {
      putPercent(into, "system.memory_percent", 100.0 * (total - available) / total);
      into.put("system.proc.memory.availableMB", available / MB);
    }

    OSProcess now = os.getProcess(pid);
    if (now != null) {
      if (process != null) {
        putPercent(into, "system.proc.cpu", 100.0 * now.getProcessCpuLoadBetweenTicks(process) / cpus);
      }
      long rss = now.getResidentMemory();
      if (rss > 0) {
        into.put("system.proc.memory.rssMB", rss / MB);
        if (total > 0) {
          into.put("system.proc.memory.percent", 100.0 * rss / total);
        }
      }
      into.put("system.proc.cpu.threads", now.getThreadCount());
      process = now;
    }

    long[] disk = diskTotals();
    into.put("system.disk.in", Math.max(0, disk[0] - diskReadStart) / MB);
    into.put("system.disk.out", Math.max(0, disk[1] - diskWriteStart) / MB);
    long[] net = netTotals();
    into.put("system.network.sent", Math.max(0, net[0] - netSentStart));
    into.put("system.network.recv", Math.max(0, net[1] - netRecvStart));
  }

  private long[] diskTotals() {
    long read = 0;
    long written = 0;
    for (HWDiskStore d : disks) {
      d.updateAttributes();
      read += d.getReadBytes();
      written += d.getWriteBytes();
    }
    return new long[] {read, written};
  }

  private long[] netTotals() {
    long sent = 0;
    long recv = 0;
    for (NetworkIF n : nics) {
      n.updateAttributes();
      sent += n.getBytesSent();
      recv += n.getBytesRecv();
    }
    return new long[] {sent, recv};
  }

  private static void putPercent(Map<String, Object> into, String key, double percent) {
    // OSHI answers a negative or NaN load when it has no measure (no ticks elapsed, no process).
    if (Double.isFinite(percent) && percent >= 0) {
      into.put(key, Math.min(100.0, percent));
    }
  }
}
