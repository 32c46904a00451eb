package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BackwardGemm#multiplyTile} against plain loops: full panels, a one-vector last panel, other ragged widths. */
class BackwardGemmTest {
  @ParameterizedTest(name = "{0} x {1} x {2}")
  @CsvSource({
    "29, 16, 144",
    "40, 48, 300",
    "13, 16, 7",
    "25, 40, 33",
    "12, 64, 257"
  })
  void matchesPlainLoops(int rows, int cols, int depth) {
    SplittableRandom rnd = new SplittableRandom(rows * 31L + cols * 7L + depth);
    float[] a = NaiveLoops.random(rnd, rows * depth);
    float[] b = NaiveLoops.random(rnd, depth * cols);
    float[] packed = new float[GemmPacking.packedSize(depth, cols)];
    GemmPacking.pack(new MatrixRef(b, 0, cols), depth, cols, packed, 0);
    int ldc = cols + 3;
    float[] c = new float[rows * ldc];
    BackwardGemm.multiplyTile(
        new MatrixRef(a, 0, depth), PanelRef.packed(packed, 0, cols), 0, new MatrixRef(c, 0, ldc), rows, cols, depth);
    float[] expected = NaiveLoops.gemm(a, b, rows, cols, depth);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < ldc; j++) {
        float want = j < cols ? expected[r * cols + j] : 0f;
        assertEquals(want, c[r * ldc + j], 1e-4 * (1 + Math.abs(want)), "c[" + r + ", " + j + "]");
      }
    }
  }
}
