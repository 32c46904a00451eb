package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The GEMM's edge path: tiles smaller than the register-blocked ones (the last few rows of a matrix, the last
 * columns when {@code N} is not a multiple of {@link GemmMicroKernel#NR}), one row at a time with masked loads and
 * stores. Kept apart from {@link GemmMicroKernel} so that the hot kernels stay free of row-count branches.
 */
final class GemmEdgeKernel {
  private GemmEdgeKernel() {}

  /**
   * A partial tile of any number of rows and {@code cols <= NR} columns; B is read only in its first {@code cols}
   * columns. Other arguments as in {@link GemmMicroKernel#full}.
   */
  static void edge(
      float[] a, int ai, int lda, int rows, float[] b, int bi, int ldb, int depth, int cols,
      float[] c, int ci, int ldc, boolean accumulate, GemmEpilogue epilogue, int column) {
    for (int r = 0; r < rows; r++) {
      int ar = ai + r * lda;
      int cr = ci + r * ldc;
      if (cols > LANES) {
        rowTwoVectors(a, ar, b, bi, ldb, depth, cols, c, cr, accumulate);
      } else {
        rowOneVector(a, ar, b, bi, ldb, depth, cols, c, cr, accumulate);
      }
      if (epilogue != null) {
        epilogue.applySpan(c, cr, column, cols);
      }
    }
  }

  private static void rowTwoVectors(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, int cols, float[] c, int cr, boolean accumulate) {
    VectorMask<Float> m1 = SPECIES.indexInRange(LANES, cols);
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = FloatVector.zero(SPECIES);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector av = FloatVector.broadcast(SPECIES, a[ar + k]);
      acc0 = av.fma(FloatVector.fromArray(SPECIES, b, bk), acc0);
      acc1 = av.fma(FloatVector.fromArray(SPECIES, b, bk + LANES, m1), acc1);
    }
    if (accumulate) {
      acc0 = acc0.add(FloatVector.fromArray(SPECIES, c, cr));
      acc1 = acc1.add(FloatVector.fromArray(SPECIES, c, cr + LANES, m1));
    }
    acc0.intoArray(c, cr);
    acc1.intoArray(c, cr + LANES, m1);
  }

  private static void rowOneVector(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, int cols, float[] c, int cr, boolean accumulate) {
    VectorMask<Float> m0 = SPECIES.indexInRange(0, cols);
    FloatVector acc = FloatVector.zero(SPECIES);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector av = FloatVector.broadcast(SPECIES, a[ar + k]);
      acc = av.fma(FloatVector.fromArray(SPECIES, b, bk, m0), acc);
    }
    if (accumulate) {
      acc = acc.add(FloatVector.fromArray(SPECIES, c, cr, m0));
    }
    acc.intoArray(c, cr, m0);
  }
}
