package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PackedWeightGradKernel#accumulate} against plain loops, and bit for bit against the in-place
 * {@link WeightGradKernel#accumulate} (packing only moves operands), on whole and ragged tiles, several passes and
 * row blocks, and strided operands.
 */
class PackedWeightGradKernelTest {
  @ParameterizedTest(name = "rows [{0}, {1}), {2} cols, {3} pixels, lda {4}, ldb {5}")
  @CsvSource({
    // Whole 4x4, 8x2 and 16x1 tiles; several passes of pixels.
    "0, 64, 64, 100, 64, 64",
    "0, 48, 32, 70, 48, 32",
    "0, 144, 16, 65, 144, 16",
    // Every tile width in one row of B (4, 2, 1 vectors and a masked rest), B's rows 1 KiB apart.
    "0, 37, 120, 150, 40, 256",
    // Ragged rows (not a multiple of a group of four) and columns, an offset row range.
    "3, 40, 53, 67, 45, 60",
    "5, 14, 7, 3, 9, 7",
    "1, 2, 16, 30, 3, 16",
    // Two row blocks, A's rows a multiple of 1 KiB apart, many columns.
    "0, 300, 80, 130, 301, 96",
    "16, 528, 48, 90, 512, 48",
    "0, 20, 256, 10, 1024, 256"
  })
  void matchesPlainLoopsAndTheInPlaceKernelBitForBit(int r0, int r1, int cols, int len, int lda, int ldb) {
    SplittableRandom rnd = new SplittableRandom(r0 * 1_000_003L + r1 * 7919L + cols * 31L + len);
    int ai = 5;
    int bi = 3;
    int ldc = cols + 2;
    int ci = 4;
    float[] a = NaiveLoops.random(rnd, ai + len * lda + r1);
    float[] b = NaiveLoops.random(rnd, bi + len * ldb + cols);
    float[] c = NaiveLoops.random(rnd, ci + r1 * ldc);
    float[] inPlace = c.clone();
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
    float[] work = NaiveLoops.random(rnd, PackedWeightGradKernel.workFloats(cols));
    PackedWeightGradKernel.accumulate(a, ai, lda, b, bi, ldb, len, r0, r1, cols, c, ci, ldc, work);
    WeightGradKernel.accumulate(
        a, ai, lda, b, bi, ldb, len, r0, r1, cols, inPlace, ci, ldc, new float[WeightGradKernel.COPY_FLOATS]);
    for (int i = 0; i < c.length; i++) {
      assertEquals(expected[i], c[i], 1e-4 * (1 + Math.abs(expected[i])), "c[" + i + "]");
      assertEquals(Float.floatToRawIntBits(inPlace[i]), Float.floatToRawIntBits(c[i]), "c[" + i + "] bits");
    }
  }
}
