package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(new Samples(2.0, 1.0, 3.0, 3), Samples.ofNanos(new long[] {3_000_000, 1_000_000, 2_000_000}));
    Samples even = Samples.ofNanos(new long[] {4_000_000, 1_000_000, 2_000_000, 8_000_000});
    assertEquals(3.0, even.medianMs());
    assertEquals(1.0, even.minMs());
    assertEquals(8.0, even.maxMs());
  }

  @Test
  void throughputAndGflopsAtTheMedian() {
    Samples s = Samples.ofNanos(new long[] {250_000_000});
    assertEquals(32.0, s.perSecond(8), 1e-12);
    assertEquals(4.0, s.gflops(1e9), 1e-12);
  }

  @Test
  void rejectsNoRunsAndInconsistentValues() {
    assertEquals("no runs were timed",
        assertThrows(IllegalArgumentException.class, () -> Samples.ofNanos(new long[0])).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Samples(1, 2, 3, 1));
  }
}
