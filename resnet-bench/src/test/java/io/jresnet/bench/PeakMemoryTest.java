package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.bench.PeakMemory.GcConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
  @Test
  void theDefaultCollectorTheSerialOneAndTheCappedHeap() {
    List<GcConfiguration> configurations = PeakMemory.gcConfigurations("400m", List.of("--add-modules", "x"), "G1");
    assertEquals(
        List.of(
            new GcConfiguration("G1 (the JVM's default)", List.of()),
            new GcConfiguration("Serial (-XX:+UseSerialGC)", List.of("-XX:+UseSerialGC")),
            new GcConfiguration("G1, heap capped (-Xmx400m)", List.of("-Xmx400m"))),
        configurations);
  }

  @Test
  void flagsTheJvmWasGivenAreNotOverridden() {
    assertEquals(
        List.of(new GcConfiguration("Parallel (chosen by flag)", List.of())),
        PeakMemory.gcConfigurations("400m", List.of("-XX:+UseParallelGC", "-Xmx2g"), "Parallel"));
    assertEquals(1, PeakMemory.gcConfigurations("", List.of(), "Serial").size());
  }

  @Test
  void aFailedProbeShowsItsOutput() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> PeakMemory.parsePeak("jresnet", 1, "OutOfMemoryError\n"));
    assertTrue(e.getMessage().startsWith("the jresnet memory probe failed (exit 1):\nOutOfMemoryError"), e.getMessage());
    assertEquals(1234, PeakMemory.parsePeak("onnxruntime", 0, "noise\nVmHWM_kB=1234\n"));
  }
}
