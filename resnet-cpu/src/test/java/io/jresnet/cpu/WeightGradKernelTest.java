package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link WeightGradKernel#accumulate} against plain loops, on tile-sized and ragged blocks and strided operands. */
class WeightGradKernelTest {
  @ParameterizedTest(name = "rows [{0}, {1}), {2} cols, {3} pixels, lda {4}, ldb {5}")
  @CsvSource({
    // Whole 4x4, 8x2 and 16x1 tiles.
    "0, 64, 64, 100, 64, 64",
    "0, 48, 32, 70, 48, 32",
    "0, 144, 16, 65, 144, 16",
    // Ragged rows and columns (one-row and masked paths), an offset row range, columns narrower than B's rows.
    "3, 40, 53, 67, 45, 60",
    "5, 14, 7, 3, 9, 7",
    "0, 300, 80, 130, 301, 96",
    // Rows a multiple of 1 KiB apart: the slice of A is copied before the tiles read it.
    "16, 528, 48, 90, 512, 48",
    "0, 20, 16, 10, 1024, 16"
  })
  void accumulatesTheProductOntoWhatCHolds(int r0, int r1, int cols, int len, int lda, int ldb) {
    SplittableRandom rnd = new SplittableRandom(r0 * 1_000_003L + r1 * 7919L + cols * 31L + len);
    int ai = 5;
    int bi = 3;
    int ldc = cols + 2;
    int ci = 4;
    float[] a = NaiveLoops.random(rnd, ai + len * lda + r1);
    float[] b = NaiveLoops.random(rnd, bi + len * ldb + cols);
    float[] c = NaiveLoops.random(rnd, ci + r1 * ldc);
    double[] expected = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      expected[i] = c[i];
    }
    for (int r = r0; r < r1; r++) {
      for (int col = 0; col < cols; col++) {
        for (int p = 0; p < len; p++) {
          expected[ci + r * ldc + col] += (double) a[ai + p * lda + r] * b[bi + p * ldb + col];
        }
      }
    }
    WeightGradKernel.accumulate(
        a, ai, lda, b, bi, ldb, len, r0, r1, cols, c, ci, ldc, new float[WeightGradKernel.COPY_FLOATS]);
    for (int i = 0; i < c.length; i++) {
      assertEquals(expected[i], c[i], 1e-4 * (1 + Math.abs(expected[i])), "c[" + i + "]");
    }
  }
}
