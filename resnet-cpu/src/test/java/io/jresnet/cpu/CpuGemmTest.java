package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuGemmTest {
  private static final int NR = GemmMicroKernel.NR;
  private static final int MR = GemmMicroKernel.MR;

  /**
   * Rows read in runs (a strided 1×1 conv's input) give exactly the product of the same rows gathered into a plain
   * matrix: tiles that start mid-run and cross runs, two depth blocks, and the whole epilogue; the last two run rows
   * first ({@link CpuGemm#rowsFirstPays}).
   */
  @ParameterizedTest
  @CsvSource({"0, 6, 2", "1, 5, 2", "2, 3, 2", "1, 9, 4", "0, 8, 5", "1, 4, 4", "2, 3, 4"})
  void rowRunsMatchTheGatheredRowsBitForBit(int firstRunTiles, int tiles, int panels) {
    int runRows = 2 * MR;
    int firstRow = firstRunTiles * MR;
    int rows = tiles * MR;
    int cols = panels * NR;
    assertEquals(tiles >= 4 && panels >= 4, CpuGemm.rowsFirstPays(rows, cols, CpuGemm.KC));
    int k = CpuGemm.KC + 9;
    int lda = 3 * k; // every third row of an input with rows k apart, as a stride-3 1x1 conv reads them
    int runStride = runRows * lda + 5 * k; // runs apart by more than their rows, as input rows skipped by strideH
    int offset = 11;
    int runs = (firstRow + rows + runRows - 1) / runRows;
    SplittableRandom rnd = new SplittableRandom(firstRunTiles * 31L + tiles * 7L + panels);
    float[] a = NaiveLoops.random(rnd, offset + runs * runStride);
    float[] b = NaiveLoops.random(rnd, k * cols);
    float[] bias = NaiveLoops.random(rnd, cols);
    float[] residual = NaiveLoops.random(rnd, rows * cols);
    float[] gathered = new float[rows * k];
    for (int r = 0; r < rows; r++) {
      int m = firstRow + r;
      System.arraycopy(a, offset + m / runRows * runStride + m % runRows * lda, gathered, r * k, k);
    }
    float[] packed = new float[GemmPacking.packedSize(k, cols)];
    GemmPacking.pack(new MatrixRef(b, 0, cols), k, cols, packed, 0);
    PanelRef bRef = PanelRef.packed(packed, 0, cols);
    GemmEpilogue epilogue = new GemmEpilogue(bias, residual, true);
    float[] expected = new float[rows * cols];
    CpuGemm.multiplyTile(
        new MatrixRef(gathered, 0, k), bRef, 0, new MatrixRef(expected, 0, cols), rows, cols, k, 0, epilogue);
    float[] actual = new float[rows * cols];
    CpuGemm.multiplyTileRuns(
        a, offset, lda, runRows, runStride, firstRow, bRef, 0, actual, 0, cols, rows, cols, k, 0, epilogue);
    assertArrayEquals(expected, actual);
    float[] reference = NaiveLoops.gemm(gathered, b, rows, cols, k);
    for (int i = 0; i < reference.length; i++) {
      reference[i] = Math.max(reference[i] + bias[i % cols] + residual[i], 0f);
    }
    assertTrue(NaiveLoops.maxScaledError(actual, reference) < 1e-5);
  }

  @Test
  void rowRunsThatSplitARegisterTileAreRejected() {
    float[] a = new float[64];
    float[] c = new float[64];
    PanelRef b = PanelRef.rowMajor(new float[NR], 0, NR);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CpuGemm.multiplyTileRuns(a, 0, 1, MR + 1, 0, 0, b, 0, c, 0, NR, 1, NR, 1, 0, GemmEpilogue.NONE));
    assertEquals(
        "row runs of " + (MR + 1) + " rows from row 0 by " + NR + " columns are not whole " + MR + "x" + NR
            + " tiles",
        e.getMessage());
  }

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

  /** Packing a matrix a few rows at a time, across KC blocks and into a partial last panel, gives the same panels. */
  @Test
  void packingRowsInPiecesMatchesPackingTheWhole() {
    int depth = CpuGemm.KC + 44;
    int cols = 2 * GemmMicroKernel.NR + 6;
    float[] b = NaiveLoops.random(new SplittableRandom(3), depth * cols);
    float[] whole = new float[GemmPacking.packedSize(depth, cols)];
    GemmPacking.pack(new MatrixRef(b, 0, cols), depth, cols, whole, 0);
    for (int piece : new int[] {1, 7, 32, 100}) {
      float[] pieces = new float[whole.length + 5];
      Arrays.fill(pieces, Float.NaN);
      for (int k = 0; k < depth; k += piece) {
        int n = Math.min(piece, depth - k);
        GemmPacking.packRows(new MatrixRef(b, k * cols, cols), k, n, depth, cols, pieces, 5);
      }
      assertArrayEquals(whole, Arrays.copyOfRange(pieces, 5, pieces.length), "pieces of " + piece + " rows");
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "0, 5", "3, 64", "1, 97", "7, 8192"})
  void pullIntoCacheReportsANanAnywhereInItsBlockAndNowhereElse(int from, int length) {
    float[] b = new float[from + length + 3];
    Arrays.fill(b, 1.5f);
    b[b.length - 1] = Float.NaN;
    if (from > 0) {
      b[from - 1] = Float.NaN;
    }
    assertEquals(false, CpuGemm.pullIntoCache(b, from, length), "outside the block");
    for (int at : new int[] {from, from + length / 2, from + length - 1}) {
      if (length == 0) {
        continue;
      }
      float[] withNan = b.clone();
      withNan[at] = Float.NaN;
      assertTrue(CpuGemm.pullIntoCache(withNan, from, length), "NaN at " + at);
    }
  }

  /** A few-row GEMM reads streamed B blocks ahead (PULL_MAX_ROWS); a NaN weight still only reaches its own column. */
  @Test
  void aNanWeightFlowsIntoItsColumnOnlyWhenBlocksAreReadAhead() {
    int m = 20;
    int n = 64;
    int k = 300;
    SplittableRandom rnd = new SplittableRandom(11);
    float[] a = NaiveLoops.random(rnd, m * k);
    float[] b = NaiveLoops.random(rnd, k * n);
    b[270 * n + 5] = Float.NaN;
    float[] packed = new float[GemmPacking.packedSize(k, n)];
    GemmPacking.pack(new MatrixRef(b, 0, n), k, n, packed, 0);
    float[] c = new float[m * n];
    CpuGemm.multiplyTile(a, 0, k, PanelRef.packed(packed, 0, n).streamedOnce(), 0, c, 0, n, m, n, k, 0,
        GemmEpilogue.NONE);
    assertTrue(m <= CpuGemm.PULL_MAX_ROWS);
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        assertEquals(j == 5, Float.isNaN(c[r * n + j]), "row " + r + " column " + j);
      }
    }
  }

  @Test
  void onlyPackedPanelsAreMarkedStreamedAndTheMarkSurvivesADepthSplit() {
    float[] data = new float[GemmPacking.packedSize(2 * CpuGemm.KC, 64)];
    PanelRef streamed = PanelRef.packed(data, 0, 64).streamedOnce();
    assertTrue(streamed.streamed());
    assertTrue(streamed.fromRow(CpuGemm.KC).streamed());
    PanelRef rowMajor = PanelRef.rowMajor(data, 0, 64);
    assertEquals(rowMajor, rowMajor.streamedOnce());
    assertThrows(IllegalArgumentException.class, () -> new PanelRef(data, 0, 64, 0, false, true));
  }

  /**
   * Rows first changes only the order of the register tiles, not any tile's sums: the same bits as panel by panel,
   * over rests of rows (a seven- and a six-row tile), a narrow and a partial last panel, several depth blocks with the
   * residual and bias, and a B slice too large for the order (1056 columns × 256).
   */
  @ParameterizedTest
  @CsvSource({
    "112, 128, 64, true", "125, 176, 300, true", "130, 200, 600, true", "140, 1056, 256, false", "55, 256, 64, false", "56, 128, 300, true",
    "112, 96, 64, false"
  })
  void rowsFirstGivesTheSameBitsAsPanelByPanel(int m, int n, int k, boolean reordered) {
    assertEquals(reordered, CpuGemm.rowsFirstPays(m, n, Math.min(k, CpuGemm.KC)));
    SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
    float[] a = NaiveLoops.random(rnd, m * k);
    float[] b = NaiveLoops.random(rnd, k * n);
    float[] bias = NaiveLoops.random(rnd, n);
    float[] residual = NaiveLoops.random(rnd, m * n);
    float[] packed = new float[GemmPacking.packedSize(k, n)];
    GemmPacking.pack(new MatrixRef(b, 0, n), k, n, packed, 0);
    PanelRef panels = PanelRef.packed(packed, 0, n);
    GemmEpilogue epilogue = new GemmEpilogue(bias, residual, true);
    float[] byPanels = new float[m * n];
    float[] byRows = new float[m * n];
    CpuGemm.multiplyTile(a, 0, k, panels, 0, byPanels, 0, n, m, n, k, 0, epilogue);
    CpuGemm.multiplyTileRowsFirst(a, 0, k, panels, 0, byRows, 0, n, m, n, k, 0, epilogue);
    assertArrayEquals(byPanels, byRows);
    float[] expected = NaiveLoops.gemm(a, b, m, n, k);
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.max(0, expected[i] + bias[i % n] + residual[i]);
    }
    assertTrue(NaiveLoops.maxScaledError(byRows, expected) < 1e-5, "rows first against naive loops");
  }

  /**
   * Rows of A a multiple of 4 KiB apart (as a 1×1 conv reads 1024 or 2048 input channels in place) are copied before
   * the kernels read them: the same bits as the same rows gathered into a compact matrix, on the panel-by-panel path
   * (partial last panel, tiles larger than {@link CpuGemm#PACK_MAX_ROWS} in pieces), rows first, and in row runs.
   */
  @ParameterizedTest
  @CsvSource({
    "33, 101, 300, 1024, plain", "261, 96, 600, 1024, plain", "125, 176, 300, 2048, rowsFirst",
    "230, 64, 260, 1024, runs", "126, 160, 1024, 1024, runs"
  })
  void aliasingRowsAreCopiedAndGiveTheSameBitsAsCompactRows(int m, int n, int k, int lda, String order) {
    assertTrue(CpuGemm.rowsAlias(lda));
    int runRows = 2 * MR;
    int runStride = order.equals("runs") ? runRows * lda + 3 * lda : 0;
    int offset = 7;
    SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
    int rowsOfA = order.equals("runs") ? (m + runRows - 1) / runRows * (runStride / lda) : m;
    float[] a = NaiveLoops.random(rnd, offset + rowsOfA * lda);
    float[] compact = new float[m * k];
    for (int r = 0; r < m; r++) {
      int from = order.equals("runs") ? r / runRows * runStride + r % runRows * lda : r * lda;
      System.arraycopy(a, offset + from, compact, r * k, k);
    }
    float[] b = NaiveLoops.random(rnd, k * n);
    float[] packed = new float[GemmPacking.packedSize(k, n)];
    GemmPacking.pack(new MatrixRef(b, 0, n), k, n, packed, 0);
    PanelRef panels = PanelRef.packed(packed, 0, n);
    GemmEpilogue epilogue = new GemmEpilogue(NaiveLoops.random(rnd, n), NaiveLoops.random(rnd, m * n), true);
    float[] expected = new float[m * n];
    CpuGemm.multiplyTile(compact, 0, k, panels, 0, expected, 0, n, m, n, k, 0, epilogue);
    float[] actual = new float[m * n];
    switch (order) {
      case "plain" -> CpuGemm.multiplyTile(a, offset, lda, panels, 0, actual, 0, n, m, n, k, 0, epilogue);
      case "rowsFirst" -> {
        assertTrue(CpuGemm.rowsFirstPays(m, n, CpuGemm.KC));
        CpuGemm.multiplyTileRowsFirst(a, offset, lda, panels, 0, actual, 0, n, m, n, k, 0, epilogue);
      }
      default ->
          CpuGemm.multiplyTileRuns(a, offset, lda, runRows, runStride, 0, panels, 0, actual, 0, n, m, n, k, 0, epilogue);
    }
    assertArrayEquals(expected, actual);
    float[] reference = NaiveLoops.gemm(compact, b, m, n, k);
    for (int i = 0; i < reference.length; i++) {
      reference[i] = Math.max(reference[i] + epilogue.bias()[i % n] + epilogue.residual()[i], 0f);
    }
    // Float sums of up to 1024 products in another order: 1e-4 of the scale.
    assertTrue(NaiveLoops.maxScaledError(actual, reference) < 1e-4);
  }
}
