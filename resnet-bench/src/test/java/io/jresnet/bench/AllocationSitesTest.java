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

  private static void allocateALot() {
    for (int i = 0; i < 2000; i++) {
      SINK.add(new float[16_384]);
      if (SINK.size() > 50) {
        SINK.clear();
      }
    }
  }
}
