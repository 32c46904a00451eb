package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
  @TempDir Path dir;

  @Test
  void readsKibFieldsOfAStatusFile() {
    String status = "Name:\tjava\nVmPeak:\t 5000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n";
    assertEquals(OptionalLong.of(123456), ProcStatus.field(status, "VmHWM"));
    assertEquals(OptionalLong.empty(), ProcStatus.field(status, "VmSwap"));
  }

  @Test
  void parsesTheProbeLineOrReportsTheChildsOutput() {
    assertEquals(2048, PeakMemory.parsePeak("jresnet", 0, "WARNING: incubator\nVmHWM_kB=2048\n"));
    IllegalStateException failed =
        assertThrows(IllegalStateException.class, () -> PeakMemory.parsePeak("onnxruntime", 1, "boom\n"));
    assertEquals("the onnxruntime memory probe failed (exit 1):\nboom", failed.getMessage());
    IllegalStateException unreadable =
        assertThrows(IllegalStateException.class, () -> PeakMemory.parsePeak("jresnet", 0, "VmHWM_kB=-1\n"));
    assertEquals("the jresnet memory probe could not read /proc/self/status", unreadable.getMessage());
  }

  @Test
  void childFlagsAddTheVectorModule() {
    assertTrue(PeakMemory.childJvmFlags().containsAll(java.util.List.of("--add-modules", "jdk.incubator.vector")));
  }

  @Test
  void cpuModelFromCpuinfo() throws IOException {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t: avx512f\n");
    assertEquals("Intel(R) Xeon(R) Processor", MachineInfo.cpuModel(cpuinfo));
    assertEquals(System.getProperty("os.arch"), MachineInfo.cpuModel(dir.resolve("missing")));
    assertTrue(MachineInfo.current().headerLine().startsWith("machine: "));
  }
}
