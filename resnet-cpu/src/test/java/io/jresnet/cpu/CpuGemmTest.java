package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuGemmTest {
  private static final int NR = GemmMicroKernel.NR;

  /**
   * Sizes around the tile edges (MR rows, NR columns, LANES) and across a KC depth block; 16 and 48 columns end in a
   * panel one 512-bit vector wide, which runs the narrow tile.
   */
  @ParameterizedTest
  @CsvSource({
    "1, 1, 1", "1, 1000, 37", "5, 7, 3", "6, 32, 8", "7, 33, 9", "13, 17, 64", "12, 64, 300", "29, 100, 513",
    "64, 48, 256", "97, 31, 257", "100, 65, 600",
    "30, 16, 300", "43, 16, 5", "14, 8, 9",
    // Rows left below six: four-row and two-row tiles, then a lone edge row.
    "2, 64, 9", "3, 96, 20", "4, 64, 7", "16, 64, 260", "17, 64, 300", "18, 64, 40", "49, 128, 512",
    // Odd remainders of 7 to 13 rows: a seven-row tile first.
    "7, 64, 300", "9, 64, 33", "11, 96, 270", "27, 64, 50"
  })
  void productMatchesNaiveLoopsForPackedAndRowMajorB(int m, int n, int k) {
    SplittableRandom rnd = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
    float[] a = NaiveLoops.random(rnd, m * k);
    float[] b = NaiveLoops.random(rnd, k * n);
    float[] expected = NaiveLoops.gemm(a, b, m, n, k);
    float[] packed = new float[GemmPacking.packedSize(k, n)];
    GemmPacking.pack(new MatrixRef(b, 0, n), k, n, packed, 0);
    for (int threads : new int[] {1, 2}) {
      try (CpuComputePool pool = new CpuComputePool(threads)) {
        for (PanelRef bRef : new PanelRef[] {PanelRef.packed(packed, 0, n), PanelRef.rowMajor(b, 0, n)}) {
          float[] c = new float[m * n];
          CpuGemm.multiply(pool, new MatrixRef(a, 0, k), bRef, new MatrixRef(c, 0, n), m, n, k, GemmEpilogue.NONE);
          double err = NaiveLoops.maxScaledError(c, expected);
          assertTrue(err < 1e-5, "m=" + m + " n=" + n + " k=" + k + " threads=" + threads + ": error " + err);
        }
      }
    }
  }

  /** The last panel is partial (edge kernel) or one vector wide (narrow tile); 33 rows also leave edge rows. */
  @ParameterizedTest
  @CsvSource({"false, partial", "true, partial", "false, narrow", "true, narrow"})
  void epilogueAddsBiasAndResidualThenClampsOnTheLastDepthBlock(boolean relu, String lastPanel) {
    int m = 33;
    int n = lastPanel.equals("narrow") ? NR + GemmMicroKernel.LANES : 2 * NR + 5;
    int k = CpuGemm.KC + 7; // two depth blocks: the epilogue must run once, after the second
    SplittableRandom rnd = new SplittableRandom(7);
    float[] a = NaiveLoops.random(rnd, m * k);
    float[] b = NaiveLoops.random(rnd, k * n);
    float[] bias = NaiveLoops.random(rnd, n);
    float[] residual = NaiveLoops.random(rnd, m * n);
    float[] expected = NaiveLoops.gemm(a, b, m, n, k);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float v = expected[i * n + j] + bias[j] + residual[i * n + j];
        expected[i * n + j] = relu ? Math.max(v, 0f) : v;
      }
    }
    try (CpuComputePool pool = new CpuComputePool(2)) {
      float[] c = new float[m * n];
      CpuGemm.multiply(
          pool, new MatrixRef(a, 0, k), PanelRef.rowMajor(b, 0, n), new MatrixRef(c, 0, n), m, n, k,
          new GemmEpilogue(bias, residual, relu));
      assertTrue(NaiveLoops.maxScaledError(c, expected) < 1e-5);
    }
  }

  @ParameterizedTest
  @CsvSource({"10, 3, 2", "16, 40, 20"})
  void tileReadsStridedSubMatricesAndLeavesTheRestAlone(int m, int n, int k) {
    // A, B and C embedded in larger matrices with offsets, as conv groups and 1x1 convs read them.
    int lda = k + 5;
    int ldb = n + 3;
    int ldc = n + 4;
    SplittableRandom rnd = new SplittableRandom(11);
    float[] a = NaiveLoops.random(rnd, 2 + m * lda);
    float[] b = NaiveLoops.random(rnd, 1 + k * ldb);
    float[] c = new float[3 + m * ldc];
    java.util.Arrays.fill(c, 42f);
    CpuGemm.multiplyTile(
        new MatrixRef(a, 2, lda), PanelRef.rowMajor(b, 1, ldb), 0, new MatrixRef(c, 3, ldc), m, n, k, 0,
        GemmEpilogue.NONE);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < ldc; j++) {
        float actual = c[3 + i * ldc + j];
        if (j >= n) {
          assertEquals(42f, actual, "outside the tile at row " + i + " column " + j);
          continue;
        }
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (double) a[2 + i * lda + p] * b[1 + p * ldb + j];
        }
        assertEquals(s, actual, 1e-5 * (1 + Math.abs(s)), "row " + i + " column " + j);
      }
    }
    assertEquals(42f, c[0]);
  }

  @ParameterizedTest
  @CsvSource({"3, 5", "40, 70", "1, 33", "300, 40"})
  void packingPutsEveryElementWhereTheTileReadsItAndPadsWithZeros(int k, int n) {
    float[] b = NaiveLoops.random(new SplittableRandom(3), k * n);
    float[] packed = new float[GemmPacking.packedSize(k, n)];
    java.util.Arrays.fill(packed, Float.NaN);
    GemmPacking.pack(new MatrixRef(b, 0, n), k, n, packed, 0);
    PanelRef ref = PanelRef.packed(packed, 0, n);
    for (int k0 = 0; k0 < k; k0 += CpuGemm.KC) {
      int kLen = Math.min(CpuGemm.KC, k - k0);
      for (int p = 0; p < GemmPacking.panels(n); p++) {
        for (int row = 0; row < kLen; row++) {
          for (int j = 0; j < NR; j++) {
            int col = p * NR + j;
            float expected = col < n ? b[(k0 + row) * n + col] : 0f;
            assertEquals(expected, packed[ref.start(k0, kLen, p) + row * ref.rowStride() + j]);
          }
        }
      }
    }
    for (float v : packed) {
      assertTrue(!Float.isNaN(v), "every packed float is written");
    }
  }
}
