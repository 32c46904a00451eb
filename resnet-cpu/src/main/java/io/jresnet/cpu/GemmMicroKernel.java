package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SGEMM micro-kernels: {@code C[rows, cols] (+)= A[rows, k] · B[k, cols]} for one tile, then the
 * {@link GemmEpilogue} on the last pass over {@code k}.
 *
 * <p>{@link #full} is the hot path: {@value #MR} rows × two vectors ({@link #NR} columns), twelve accumulators held
 * in plain locals so that C2 keeps them in registers; the loop has no branches. Partial tiles (the last rows of a
 * matrix, the last columns when {@code N} is not a multiple of {@link #NR}) go to {@link #edge}, which works one row
 * at a time with masked loads and stores. Matrices are row-major float arrays addressed by offset and row stride.
 */
final class GemmMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Rows of a full tile. */
  static final int MR = 6;
  /** Columns of a full tile: two vectors. */
  static final int NR = 2 * LANES;

  private GemmMicroKernel() {}

  /**
   * A full {@code MR × NR} tile.
   *
   * @param a A, row {@code r} of the tile starting at {@code ai + r * lda}
   * @param b B, row {@code k} of the tile starting at {@code bi + k * ldb}, {@link #NR} readable floats
   * @param c C, row {@code r} of the tile starting at {@code ci + r * ldc}
   * @param accumulate add to C instead of overwriting it (a later pass over a blocked {@code k})
   * @param epilogue applied before the store on the last pass, or null on earlier passes
   * @param column the column of C's row that the tile starts at (indexes the bias)
   */
  static void full(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] c, int ci, int ldc, boolean accumulate, GemmEpilogue epilogue, int column) {
    int ci1 = ci + ldc;
    int ci2 = ci1 + ldc;
    int ci3 = ci2 + ldc;
    int ci4 = ci3 + ldc;
    int ci5 = ci4 + ldc;
    FloatVector c00;
    FloatVector c01;
    FloatVector c10;
    FloatVector c11;
    FloatVector c20;
    FloatVector c21;
    FloatVector c30;
    FloatVector c31;
    FloatVector c40;
    FloatVector c41;
    FloatVector c50;
    FloatVector c51;
    if (accumulate) {
      c00 = FloatVector.fromArray(SPECIES, c, ci);
      c01 = FloatVector.fromArray(SPECIES, c, ci + LANES);
      c10 = FloatVector.fromArray(SPECIES, c, ci1);
      c11 = FloatVector.fromArray(SPECIES, c, ci1 + LANES);
      c20 = FloatVector.fromArray(SPECIES, c, ci2);
      c21 = FloatVector.fromArray(SPECIES, c, ci2 + LANES);
      c30 = FloatVector.fromArray(SPECIES, c, ci3);
      c31 = FloatVector.fromArray(SPECIES, c, ci3 + LANES);
      c40 = FloatVector.fromArray(SPECIES, c, ci4);
      c41 = FloatVector.fromArray(SPECIES, c, ci4 + LANES);
      c50 = FloatVector.fromArray(SPECIES, c, ci5);
      c51 = FloatVector.fromArray(SPECIES, c, ci5 + LANES);
    } else {
      c00 = FloatVector.zero(SPECIES);
      c01 = c00;
      c10 = c00;
      c11 = c00;
      c20 = c00;
      c21 = c00;
      c30 = c00;
      c31 = c00;
      c40 = c00;
      c41 = c00;
      c50 = c00;
      c51 = c00;
    }
    int a0 = ai;
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[a0 + k]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(SPECIES, a[a1 + k]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(SPECIES, a[a2 + k]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(SPECIES, a[a3 + k]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(SPECIES, a[a4 + k]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(SPECIES, a[a5 + k]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + LANES);
    c10.intoArray(c, ci1);
    c11.intoArray(c, ci1 + LANES);
    c20.intoArray(c, ci2);
    c21.intoArray(c, ci2 + LANES);
    c30.intoArray(c, ci3);
    c31.intoArray(c, ci3 + LANES);
    c40.intoArray(c, ci4);
    c41.intoArray(c, ci4 + LANES);
    c50.intoArray(c, ci5);
    c51.intoArray(c, ci5 + LANES);
    if (epilogue != null) {
      // A separate pass over the tile just stored (still in L1): keeping it out of the register-blocked code above
      // keeps that code small enough for C2 to inline every vector operation.
      epilogue.applyRows(c, ci, ldc, MR, column);
    }
  }

  /**
   * A partial tile of {@code rows <= MR} rows and {@code cols <= NR} columns, one row at a time; B is read only in
   * its first {@code cols} columns. Arguments as in {@link #full}.
   */
  static void edge(
      float[] a, int ai, int lda, int rows, float[] b, int bi, int ldb, int depth, int cols,
      float[] c, int ci, int ldc, boolean accumulate, GemmEpilogue epilogue, int column) {
    VectorMask<Float> m0 = SPECIES.indexInRange(0, cols);
    VectorMask<Float> m1 = SPECIES.indexInRange(LANES, cols);
    for (int r = 0; r < rows; r++) {
      int ar = ai + r * lda;
      int cr = ci + r * ldc;
      if (cols > LANES) {
        edgeRowTwoVectors(a, ar, b, bi, ldb, depth, c, cr, m1, accumulate, epilogue, column);
      } else {
        edgeRowOneVector(a, ar, b, bi, ldb, depth, c, cr, m0, accumulate, epilogue, column);
      }
    }
  }

  private static void edgeRowTwoVectors(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, float[] c, int cr, VectorMask<Float> m1,
      boolean accumulate, GemmEpilogue epilogue, int column) {
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
    if (epilogue != null) {
      acc0 = epilogue.apply(acc0, cr, column);
      acc1 = epilogue.apply(acc1, cr + LANES, column + LANES, m1);
    }
    acc0.intoArray(c, cr);
    acc1.intoArray(c, cr + LANES, m1);
  }

  private static void edgeRowOneVector(
      float[] a, int ar, float[] b, int bi, int ldb, int depth, float[] c, int cr, VectorMask<Float> m0,
      boolean accumulate, GemmEpilogue epilogue, int column) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector av = FloatVector.broadcast(SPECIES, a[ar + k]);
      acc = av.fma(FloatVector.fromArray(SPECIES, b, bk, m0), acc);
    }
    if (accumulate) {
      acc = acc.add(FloatVector.fromArray(SPECIES, c, cr, m0));
    }
    if (epilogue != null) {
      acc = epilogue.apply(acc, cr, column, m0);
    }
    acc.intoArray(c, cr, m0);
  }
}
