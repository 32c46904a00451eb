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
   * A partial tile of any number of rows and {@code cols <= NR} columns; B, the starting values, the bias and C are
   * touched only in their first {@code cols} columns. Arguments as in {@link GemmMicroKernel#full}.
   */
  static void edge(
      float[] a, int ai, int lda, int rows, float[] b, int bi, int ldb, int depth, int cols,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
    // A full-width masked vector that would run past the end of an array is not intrinsified: the JIT falls back to
    // a boxed, allocating path. Only the last row of a matrix that ends in a partial panel (the dense layer at batch
    // 1) gets there; it takes the scalar twin, which performs the same fused multiply-adds in the same order.
    int width = cols > LANES ? 2 * LANES : LANES;
    boolean tailInBounds =
        (depth == 0 || bi + (long) (depth - 1) * ldb + width <= b.length) && bo + width <= bias.length;
    for (int r = 0; r < rows; r++) {
      int ir = ii + r * ldi;
      int cr = ci + r * ldc;
      if (!tailInBounds || cr + width > c.length || ir + width > init.length) {
        rowScalar(a, ai + r * lda, b, bi, ldb, depth, cols, init, ir, bias, bo, floor, c, cr);
      } else if (cols > LANES) {
        rowTwoVectors(a, ai + r * lda, b, bi, ldb, depth, cols, init, ir, bias, bo, floor, c, cr);
      } else {
        rowOneVector(a, ai + r * lda, b, bi, ldb, depth, cols, init, ir, bias, bo, floor, c, cr);
      }
    }
  }

  private static void rowScalar(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, int cols, float[] init, int ir, float[] bias, int bo,
      float floor, float[] c, int cr) {
    for (int j = 0; j < cols; j++) {
      float acc = init[ir + j];
      for (int k = 0, bk = bi + j; k < depth; k++, bk += ldb) {
        acc = Math.fma(a[ar + k], b[bk], acc);
      }
      c[cr + j] = Math.max(acc + bias[bo + j], floor);
    }
  }

  private static void rowTwoVectors(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, int cols, float[] init, int ir, float[] bias, int bo,
      float floor, float[] c, int cr) {
    VectorMask<Float> m1 = SPECIES.indexInRange(LANES, cols);
    FloatVector acc0 = FloatVector.fromArray(SPECIES, init, ir);
    FloatVector acc1 = FloatVector.fromArray(SPECIES, init, ir + LANES, m1);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector av = FloatVector.broadcast(SPECIES, a[ar + k]);
      acc0 = av.fma(FloatVector.fromArray(SPECIES, b, bk), acc0);
      acc1 = av.fma(FloatVector.fromArray(SPECIES, b, bk + LANES, m1), acc1);
    }
    FloatVector min = FloatVector.broadcast(SPECIES, floor);
    acc0.add(FloatVector.fromArray(SPECIES, bias, bo)).max(min).intoArray(c, cr);
    acc1.add(FloatVector.fromArray(SPECIES, bias, bo + LANES, m1)).max(min).intoArray(c, cr + LANES, m1);
  }

  private static void rowOneVector(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, int cols, float[] init, int ir, float[] bias, int bo,
      float floor, float[] c, int cr) {
    VectorMask<Float> m0 = SPECIES.indexInRange(0, cols);
    FloatVector acc = FloatVector.fromArray(SPECIES, init, ir, m0);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector av = FloatVector.broadcast(SPECIES, a[ar + k]);
      acc = av.fma(FloatVector.fromArray(SPECIES, b, bk, m0), acc);
    }
    FloatVector min = FloatVector.broadcast(SPECIES, floor);
    acc.add(FloatVector.fromArray(SPECIES, bias, bo, m0)).max(min).intoArray(c, cr, m0);
  }
}
