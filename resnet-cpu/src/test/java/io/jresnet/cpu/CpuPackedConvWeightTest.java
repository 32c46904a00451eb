package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prepared conv weight keeps only its panels yet reads and writes as HWIO. */
class CpuPackedConvWeightTest {
  /** Shapes {@code kh, kw, cin/groups, cout, groups}: one and several panels, a partial panel, groups, depthwise. */
  @ParameterizedTest
  @CsvSource({"1, 1, 64, 256, 1", "3, 3, 5, 17, 1", "3, 3, 4, 96, 2", "7, 7, 3, 64, 1", "3, 3, 1, 8, 8"})
  void copyToHostReturnsTheHwioItWasPreparedFrom(int kh, int kw, int cinG, int cout, int groups) {
    Shape shape = Shape.of(kh, kw, cinG, cout);
    float[] w = NaiveLoops.random(new SplittableRandom(shape.size()), shape.size());
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, w, shape, groups);
      assertArrayEquals(w, p.copyToHost());
      float[] dst = new float[shape.size()];
      p.copyToHost(dst);
      assertArrayEquals(w, dst);
      assertArrayEquals(w, p.data());
    }
  }

  /**
   * A slice of input channels read from the panels equals that slice of the HWIO weights, tap by tap: depths across
   * {@link CpuGemm#KC} blocks (3×3×40 = 360 rows, 3×3×300 = 2700) and a partial last panel; also from the HWIO copy
   * after an in-place write that has not been repacked yet.
   */
  @ParameterizedTest
  @CsvSource({"40, 17, 0, 40", "40, 17, 5, 9", "300, 64, 250, 32", "300, 64, 31, 1"})
  void copyInputChannelsIsThatSliceOfTheHwio(int cin, int cout, int first, int count) {
    Shape shape = Shape.of(3, 3, cin, cout);
    float[] w = NaiveLoops.random(new SplittableRandom(cin * 31L + first), shape.size());
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, w, shape, 1);
      float[] expected = new float[9 * count * cout];
      for (int tap = 0; tap < 9; tap++) {
        System.arraycopy(w, (tap * cin + first) * cout, expected, tap * count * cout, count * cout);
      }
      float[] fromPanels = new float[expected.length];
      p.copyInputChannels(first, count, fromPanels);
      assertArrayEquals(expected, fromPanels);

      p.data()[(4 * cin + first) * cout] += 1f; // tap 4, channel `first`, output 0: written in place, not repacked
      expected[4 * count * cout] += 1f;
      float[] fromCopy = new float[expected.length];
      p.copyInputChannels(first, count, fromCopy);
      assertArrayEquals(expected, fromCopy);
    }
  }

  @Test
  void copyInputChannelsRejectsASliceOutsideTheWeights() {
    Shape shape = Shape.of(3, 3, 8, 16);
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, new float[shape.size()], shape, 1);
      var e = assertThrows(IllegalArgumentException.class, () -> p.copyInputChannels(6, 3, new float[9 * 3 * 16]));
      assertTrue(e.getMessage().contains("[6, 9)"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> p.copyInputChannels(0, 3, new float[9 * 3 * 16 - 1]));
    }
  }

  @Test
  void keepsNoHwioCopyUntilAKernelAsksForOne() throws ReflectiveOperationException {
    Shape shape = Shape.of(1, 1, 64, 64);
    float[] w = NaiveLoops.random(new SplittableRandom(1), shape.size());
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, w, shape, 1);
      var hwio = CpuPackedConvWeight.class.getDeclaredField("hwio");
      hwio.setAccessible(true);
      p.copyToHost();
      assertNull(hwio.get(p), "copyToHost unpacks without keeping a copy");
      assertEquals(shape.size(), p.panels().length, "64 columns fill whole panels: no padding");
      p.data();
      assertTrue(hwio.get(p) != null);
      p.repack();
      assertNull(hwio.get(p), "repack drops the copy");
    }
  }

  @Test
  void inPlaceWritesReachThePanelsOnRepackAndCopyFromHostRepacks() {
    Shape shape = Shape.of(3, 3, 4, 40);
    SplittableRandom rnd = new SplittableRandom(2);
    float[] w = NaiveLoops.random(rnd, shape.size());
    float[] w2 = NaiveLoops.random(rnd, shape.size());
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, w, shape, 1);
      float[] data = p.data();
      data[7] = 123f;
      p.repack();
      w[7] = 123f;
      assertArrayEquals(panelsOf(backend, w, shape), p.panels());
      p.copyFromHost(w2);
      assertArrayEquals(panelsOf(backend, w2, shape), p.panels());
      assertArrayEquals(w2, p.copyToHost());
    }
  }

  @Test
  void rejectsWrongLengthsAndUseAfterClose() {
    Shape shape = Shape.of(1, 1, 8, 32);
    try (CpuBackend backend = (CpuBackend) new CpuBackendProvider().open(new BackendConfig(1))) {
      CpuPackedConvWeight p = prepare(backend, new float[shape.size()], shape, 1);
      var e = assertThrows(IllegalArgumentException.class, () -> p.copyFromHost(new float[3]));
      assertEquals("copyFromHost source holds 3 floats but tensor [1, 1, 8, 32] has 256", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> p.copyToHost(new float[300]));
      assertEquals("copyToHost destination holds 300 floats but tensor [1, 1, 8, 32] has 256", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new CpuPackedConvWeight(backend, shape, new float[5], 1));
      assertEquals("conv weight [1, 1, 8, 32] needs 256 floats, got 5", e.getMessage());
      p.close();
      assertTrue(p.isClosed());
      var closed = assertThrows(IllegalStateException.class, p::copyToHost);
      assertEquals("cpu tensor [1, 1, 8, 32] is closed", closed.getMessage());
      assertThrows(IllegalStateException.class, p::panels);
    }
  }

  private static CpuPackedConvWeight prepare(CpuBackend backend, float[] w, Shape shape, int groups) {
    Conv2dParams params = new Conv2dParams(shape.dim(0), shape.dim(1), 1, 1, 0, 0, 0, 0, 1, 1, groups);
    return (CpuPackedConvWeight) backend.prepareConvWeight(backend.fromHost(w, shape), params);
  }

  private static float[] panelsOf(CpuBackend backend, float[] w, Shape shape) {
    return prepare(backend, w, shape, 1).panels();
  }
}
