package dev.vane.internal.meta;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine: CPU model and logical cores, memory, GPUs (through {@code nvidia-smi}). */
final class Hardware {
  private static final long NVIDIA_SMI_TIMEOUT_MILLIS = 10_000;

  private Hardware() {}

  /** {@code cpu}, {@code memory}, and {@code gpus}/{@code gpuCount} when there are GPUs. */
  static Map<String, Object> capture() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> cpu = new LinkedHashMap<>();
    String model = cpuModel();
    if (model != null) {
      cpu.put("model", model);
    }
    cpu.put("logicalCores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpu);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("memory", Map.of("totalBytes", os.getTotalMemorySize()));
    }
    List<Map<String, Object>> gpus = gpus(Commands.output(null, NVIDIA_SMI_TIMEOUT_MILLIS,
        "nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"));
    if (!gpus.isEmpty()) {
      m.put("gpus", gpus);
      m.put("gpuCount", gpus.size());
    }
    return m;
  }

  /**
   * GPUs from {@code nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits}
   * output: one line per GPU, {@code NAME, MIB}. Empty for {@code null} (no nvidia-smi).
   */
  static List<Map<String, Object>> gpus(String csv) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (csv == null) {
      return out;
    }
    for (String line : csv.split("\\R")) {
      int comma = line.lastIndexOf(',');
      if (comma <= 0) {
        continue;
      }
      Map<String, Object> gpu = new LinkedHashMap<>();
      gpu.put("name", line.substring(0, comma).strip());
      try {
        gpu.put("memoryTotalMiB", Long.parseLong(line.substring(comma + 1).strip()));
      } catch (NumberFormatException e) {
        // [N/A] and the like: the name alone
      }
      out.add(gpu);
    }
    return out;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String mac = Commands.output(null, 2_000, "sysctl", "-n", "machdep.cpu.brand_string");
    return mac == null || mac.isBlank() ? null : mac.strip();
  }
}
