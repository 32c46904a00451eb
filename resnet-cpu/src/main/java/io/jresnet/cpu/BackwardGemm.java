package io.jresnet.cpu;

import static io.jresnet.cpu.CpuGemm.KC;
import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.NR;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM of the input gradients, {@code C[rows, cols] = A[rows, depth] · B[depth, cols]} with B packed
 * ({@link GemmPacking}): whole {@link GemmMicroKernel#NR}-column panels go to {@link CpuGemm#multiplyTile}; a last
 * panel exactly one vector wide (16-channel inputs, whose gradient is otherwise left to the one-row edge kernel)
 * goes through {@link #twelveRows}, a tile of twelve rows × one vector.
 */
final class BackwardGemm {
  /** Rows of the one-vector tile: twelve accumulators hide the FMA latency, one B load serves twelve FMAs. */
  static final int NARROW_ROWS = 12;

  private BackwardGemm() {}

  /** One tile on the calling thread; arguments as in {@link CpuGemm#multiplyTile} without an epilogue. */
  static void multiplyTile(MatrixRef a, PanelRef b, int firstPanel, MatrixRef c, int rows, int cols, int depth) {
    int tail = cols % NR;
    if (tail != LANES || depth == 0) {
      CpuGemm.multiplyTile(a, b, firstPanel, c, rows, cols, depth, 0, GemmEpilogue.NONE);
      return;
    }
    int full = cols - tail;
    if (full > 0) {
      CpuGemm.multiplyTile(a, b, firstPanel, c, rows, full, depth, 0, GemmEpilogue.NONE);
    }
    narrowPanel(a, b, firstPanel + full / NR, new MatrixRef(c.data(), c.offset() + full, c.stride()), rows, depth);
  }

  /** {@code C[rows, LANES]} from the first {@code LANES} columns of panel {@code panel}. */
  private static void narrowPanel(MatrixRef a, PanelRef b, int panel, MatrixRef c, int rows, int depth) {
    float[] ad = a.data();
    float[] bd = b.data();
    float[] cd = c.data();
    int lda = a.stride();
    int ldb = b.rowStride();
    int ldc = c.stride();
    for (int k0 = 0; k0 < depth; k0 += KC) {
      int kLen = Math.min(KC, depth - k0);
      boolean fromZero = k0 == 0;
      float[] init = fromZero ? GemmMicroKernel.ZEROS : cd;
      int ldi = fromZero ? 0 : ldc;
      int bi = b.start(k0, kLen, panel);
      int ai = a.offset() + k0;
      int r = 0;
      for (; r + NARROW_ROWS <= rows; r += NARROW_ROWS) {
        int cr = c.offset() + r * ldc;
        twelveRows(ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, fromZero ? 0 : cr, ldi, cd, cr, ldc);
      }
      if (r < rows) {
        int cr = c.offset() + r * ldc;
        GemmEdgeKernel.edge(
            ad, ai + r * lda, lda, rows - r, bd, bi, ldb, kLen, LANES, init, fromZero ? 0 : cr, ldi,
            GemmMicroKernel.ZEROS, 0, Float.NEGATIVE_INFINITY, cd, cr, ldc);
      }
    }
  }

  /** Twelve rows × one vector; arguments as in {@link GemmMicroKernel#full}. */
  static void twelveRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] c, int ci, int ldc) {
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
    int a7 = a6 + lda;
    int a8 = a7 + lda;
    int a9 = a8 + lda;
    int a10 = a9 + lda;
    int a11 = a10 + lda;
    FloatVector acc0 = FloatVector.fromArray(SPECIES, init, ii);
    FloatVector acc1 = FloatVector.fromArray(SPECIES, init, ii + ldi);
    FloatVector acc2 = FloatVector.fromArray(SPECIES, init, ii + 2 * ldi);
    FloatVector acc3 = FloatVector.fromArray(SPECIES, init, ii + 3 * ldi);
    FloatVector acc4 = FloatVector.fromArray(SPECIES, init, ii + 4 * ldi);
    FloatVector acc5 = FloatVector.fromArray(SPECIES, init, ii + 5 * ldi);
    FloatVector acc6 = FloatVector.fromArray(SPECIES, init, ii + 6 * ldi);
    FloatVector acc7 = FloatVector.fromArray(SPECIES, init, ii + 7 * ldi);
    FloatVector acc8 = FloatVector.fromArray(SPECIES, init, ii + 8 * ldi);
    FloatVector acc9 = FloatVector.fromArray(SPECIES, init, ii + 9 * ldi);
    FloatVector acc10 = FloatVector.fromArray(SPECIES, init, ii + 10 * ldi);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, init, ii + 11 * ldi);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector bv = FloatVector.fromArray(SPECIES, b, bk);
      acc0 = FloatVector.broadcast(SPECIES, a[ai + k]).fma(bv, acc0);
      acc1 = FloatVector.broadcast(SPECIES, a[a1 + k]).fma(bv, acc1);
      acc2 = FloatVector.broadcast(SPECIES, a[a2 + k]).fma(bv, acc2);
      acc3 = FloatVector.broadcast(SPECIES, a[a3 + k]).fma(bv, acc3);
      acc4 = FloatVector.broadcast(SPECIES, a[a4 + k]).fma(bv, acc4);
      acc5 = FloatVector.broadcast(SPECIES, a[a5 + k]).fma(bv, acc5);
      acc6 = FloatVector.broadcast(SPECIES, a[a6 + k]).fma(bv, acc6);
      acc7 = FloatVector.broadcast(SPECIES, a[a7 + k]).fma(bv, acc7);
      acc8 = FloatVector.broadcast(SPECIES, a[a8 + k]).fma(bv, acc8);
      acc9 = FloatVector.broadcast(SPECIES, a[a9 + k]).fma(bv, acc9);
      acc10 = FloatVector.broadcast(SPECIES, a[a10 + k]).fma(bv, acc10);
      acc11 = FloatVector.broadcast(SPECIES, a[a11 + k]).fma(bv, acc11);
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + ldc);
    acc2.intoArray(c, ci + 2 * ldc);
    acc3.intoArray(c, ci + 3 * ldc);
    acc4.intoArray(c, ci + 4 * ldc);
    acc5.intoArray(c, ci + 5 * ldc);
    acc6.intoArray(c, ci + 6 * ldc);
    acc7.intoArray(c, ci + 7 * ldc);
    acc8.intoArray(c, ci + 8 * ldc);
    acc9.intoArray(c, ci + 9 * ldc);
    acc10.intoArray(c, ci + 10 * ldc);
    acc11.intoArray(c, ci + 11 * ldc);
  }
}
