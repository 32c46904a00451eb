package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationSitesTest {
  private static final List<float[]> SINK = new ArrayList<>();

  @Test
  void findsTheMethodThatAllocates() {
    List<AllocationSite> sites = AllocationSites.record(AllocationSitesTest::allocateALot, 3);
    SINK.clear();
    assertFalse(sites.isEmpty(), "JFR sampled no allocation");
    assertTrue(sites.getFirst().frame().startsWith("io.jresnet.bench.AllocationSitesTest.allocateALot:"),
        sites.toString());
    assertTrue(sites.getFirst().bytes() > 0);
  }

  /**
   * JFR weighs a thread's first sample in a recording with all it allocated since its last sample before, however
   * long ago: work that allocates a little after a lot of warm-up must not be charged with the warm-up.
   */
  @Test
  void chargesNothingAllocatedBeforeTheRecording() {
    for (int i = 0; i < 20; i++) {
      allocateALot();
      SINK.clear();
    }
    long warmUpBytes = 20L * 2000 * 16_384 * Float.BYTES;
    List<AllocationSite> sites = AllocationSites.record(AllocationSitesTest::allocateALittle, 10);
    SINK.clear();
    long charged = sites.stream().mapToLong(AllocationSite::bytes).sum();
    assertTrue(charged < warmUpBytes / 10, "charged " + charged + " bytes after a warm-up of " + warmUpBytes + ": "
        + sites);
  }

  private static void allocateALittle() {
    for (int i = 0; i < 100; i++) {
      SINK.add(new float[16_384]);
    }
  }

  private static void allocateALot() {
    for (int i = 0; i < 2000; i++) {
      SINK.add(new float[16_384]);
      if (SINK.size() > 50) {
        SINK.clear();
      }
    }
  }
}
