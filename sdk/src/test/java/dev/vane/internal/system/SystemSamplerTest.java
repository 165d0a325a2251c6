package dev.vane.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vane.internal.Console;
import dev.vane.internal.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemSamplerTest {
  /** The keys every machine with OSHI support has (no GPU ones). */
  static final Set<String> EXPECTED = Set.of("system.cpu", "system.proc.cpu",
      "system.memory_percent", "system.proc.memory.rssMB", "system.proc.memory.percent",
      "system.proc.memory.availableMB", "system.proc.cpu.threads", "system.disk.in",
      "system.disk.out", "system.network.sent", "system.network.recv", "system.disk.usagePercent",
      "system.disk.usageGB", "system.jvm.heap.usedMB", "system.jvm.heap.committedMB",
      "system.jvm.gc.timeMs", "system.jvm.gc.count", "system.jvm.threads");

  @TempDir Path tmp;

  private final Diagnostics diag = new Diagnostics(new Console(System.err, true));

  @Test
  void realProbesGiveEveryNonGpuMetric() throws Exception {
    OshiProbe oshi = new OshiProbe();
    Thread.sleep(200);
    SystemSampler s = new SystemSampler(Duration.ofSeconds(1), diag, m -> {}, List::of);
    long t0 = System.nanoTime();
    Map<String, Object> m = s.sampleOnce(
        List.of(oshi, new JvmProbe(), new DiskUsageProbe(tmp), new NvidiaSmi()));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(EXPECTED, m.keySet(), m.toString());
    assertTrue(millis < 1000, "one pass took " + millis + " ms");
    for (Object v : m.values()) {
      assertTrue(v instanceof Number n && Double.isFinite(n.doubleValue()), m.toString());
    }
    double cpu = (Double) m.get("system.cpu");
    assertTrue(cpu >= 0 && cpu <= 100, m.toString());
    assertTrue((Double) m.get("system.proc.memory.rssMB") > 1, m.toString());
  }

  @Test
  void aFailingProbeLeavesTheOthersIn() {
    Probe broken = into -> {
      throw new IllegalStateException("no /proc here");
    };
    Probe linkage = into -> {
      throw new UnsatisfiedLinkError("no jnidispatch");
    };
    SystemSampler s = new SystemSampler(Duration.ofSeconds(1), diag, m -> {}, List::of);
    Map<String, Object> m = s.sampleOnce(List.of(broken, linkage, new JvmProbe()));
    assertTrue(m.containsKey("system.jvm.heap.usedMB"), m.toString());
    assertFalse(m.containsKey("system.cpu"));
  }

  @Test
  void missingNvidiaSmiGivesNoGpuKeysAndIsNotRunAgain() throws Exception {
    NvidiaSmi smi = new NvidiaSmi(List.of(tmp.resolve("no-such-nvidia-smi").toString()), 5000);
    Map<String, Object> m = new HashMap<>();
    assertThrows(IOException.class, () -> smi.sample(m));
    assertTrue(smi.off());
    smi.sample(m); // off: no second start, no error
    assertTrue(m.isEmpty());
  }

  @Test
  void failingOrHangingNvidiaSmiTurnsItselfOff() throws Exception {
    NvidiaSmi fails = new NvidiaSmi(List.of("sh", "-c",
        "echo 'NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver'; exit 9"),
        5000);
    assertThrows(IOException.class, () -> fails.sample(new HashMap<>()));
    assertTrue(fails.off());
    NvidiaSmi hangs = new NvidiaSmi(List.of("sleep", "30"), 200);
    long t0 = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> hangs.sample(new HashMap<>()));
    assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 5000);
    assertTrue(hangs.off());
  }

  @Test
  void nvidiaSmiOutputBecomesGpuKeys() throws Exception {
    Path csv = tmp.resolve("query.csv");
    Files.writeString(csv, "0, NVIDIA H200, 3, 1024, 143771, 35, 130.5\n");
    NvidiaSmi smi = new NvidiaSmi(List.of("cat", csv.toString()), 5000);
    Map<String, Object> m = new HashMap<>();
    smi.sample(m);
    assertEquals(Set.of("system.gpu.0.gpu", "system.gpu.0.memoryAllocatedBytes",
        "system.gpu.0.memoryAllocated", "system.gpu.0.temp", "system.gpu.0.powerWatts"),
        m.keySet());
    assertFalse(smi.off());
  }

  @Test
  void samplesEveryIntervalUntilStopped() throws Exception {
    List<Map<String, Object>> got = Collections.synchronizedList(new ArrayList<>());
    SystemSampler s = new SystemSampler(Duration.ofMillis(100), diag, got::add,
        () -> List.of(new JvmProbe()));
    s.start("test");
    Thread.sleep(650);
    s.stop();
    int n = got.size();
    assertTrue(n >= 4 && n <= 7, n + " samples");
    Thread.sleep(300);
    assertEquals(n, got.size(), "no sample after stop");
  }
}
