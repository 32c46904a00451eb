package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Conv2dParams;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every element, and the zero padding of the last panel, of both packed layouts on ragged and grouped shapes. */
class BackwardWeightPackingTest {
  @ParameterizedTest(name = "{0}x{1} kernel, {2} -> {3} channels, {4} groups")
  @CsvSource({
    "3, 3, 16, 16, 1",
    "3, 2, 19, 37, 1",
    "1, 1, 64, 40, 2",
    "3, 3, 96, 70, 1",
    "2, 3, 12, 18, 3"
  })
  void packsFlippedAndTransposedWeights(int kh, int kw, int cin, int cout, int groups) {
    Conv2dParams p = new Conv2dParams(kh, kw, 1, 1, 0, 0, 0, 0, 1, 1, groups);
    ConvGeometry g = new ConvGeometry(1, kh, kw, cin, 1, 1, cout, p);
    int cinG = cin / groups;
    int coutG = cout / groups;
    int taps = kh * kw;
    float[] w = NaiveLoops.random(new SplittableRandom(kh * 100 + cin), taps * cinG * cout);
    try (CpuComputePool pool = new CpuComputePool(2)) {
      for (BackwardWeightPacking.Layout layout : BackwardWeightPacking.Layout.values()) {
        int depth = BackwardWeightPacking.depth(g, layout);
        int cols = BackwardWeightPacking.cols(g, layout);
        int stride = BackwardWeightPacking.groupStride(g, layout);
        float[] packed = new float[groups * stride];
        BackwardWeightPacking.pack(pool, w, g, layout, packed);
        for (int group = 0; group < groups; group++) {
          for (int k = 0; k < depth; k++) {
            for (int n = 0; n < GemmPacking.panels(cols) * GemmMicroKernel.NR; n++) {
              float want;
              if (n >= cols) {
                want = 0f;
              } else if (layout == BackwardWeightPacking.Layout.FLIPPED) {
                int tap = taps - 1 - k / coutG;
                want = w[(tap * cinG + n) * cout + group * coutG + k % coutG];
              } else {
                want = w[n * cout + group * coutG + k];
              }
              float got = packed[group * stride + packedIndex(k, n, depth, cols)];
              assertEquals(want, got, layout + " group " + group + " element (" + k + ", " + n + ")");
            }
          }
        }
      }
    }
  }

  /** Where {@link GemmPacking} puts element {@code (k, n)} of a {@code depth × cols} matrix. */
  private static int packedIndex(int k, int n, int depth, int cols) {
    int k0 = k / CpuGemm.KC * CpuGemm.KC;
    int kLen = Math.min(CpuGemm.KC, depth - k0);
    int nr = GemmMicroKernel.NR;
    return PanelRef.packed(null, 0, cols).start(k0, kLen, n / nr) + (k - k0) * nr + n % nr;
  }
}
