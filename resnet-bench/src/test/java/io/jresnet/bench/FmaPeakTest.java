package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FmaPeakTest {
  @Test
  void flopsCountTwoPerLanePerFma() {
    assertEquals(2.0 * 16 * 12 * 1000, FmaPeak.flops(VectorWidth.BITS_512, 1000));
    assertEquals(2.0 * 8 * 12 * 1000, FmaPeak.flops(VectorWidth.BITS_256, 1000));
  }

  @Test
  void theLoopConvergesInsteadOfOverflowing() {
    for (VectorWidth width : VectorWidth.values()) {
      float sum = FmaPeak.run(width, 50_000);
      assertTrue(Float.isFinite(sum) && sum > 0, width + ": " + sum);
    }
  }

  @Test
  void measuresAPositiveFigureOnSeveralThreads() {
    double gflops = FmaPeak.trial(VectorWidth.BITS_256, 2, 2_000);
    assertTrue(gflops > 0 && Double.isFinite(gflops), "GFLOPS " + gflops);
  }

  @Test
  void peaksPickTheFasterWidth() {
    FmaPeaks peaks = new FmaPeaks(2, 160, 320, 90, 180);
    assertEquals(320, peaks.peak());
    assertEquals(VectorWidth.BITS_512, peaks.peakWidth());
    assertEquals(VectorWidth.BITS_256, new FmaPeaks(2, 100, 200, 110, 220).peakWidth());
    assertEquals(new FmaPeaks(2, 160, 320, 110, 220), peaks.max(new FmaPeaks(2, 100, 200, 110, 220)));
    assertThrows(IllegalArgumentException.class, () -> peaks.max(new FmaPeaks(1, 1, 1, 1, 1)));
    assertTrue(peaks.describe().contains("% of peak below = of 320.0 (512-bit, 2 threads)"), peaks.describe());
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> FmaPeak.measure(VectorWidth.BITS_512, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FmaPeaks(1, 0, 1, 1, 1));
  }
}
