package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SGEMM micro-kernels: {@code C[rows, NR] (+)= A[rows, k] · B[k, NR]} for one tile, then the
 * {@link GemmEpilogue} on the last pass over {@code k}. Matrices are row-major float arrays addressed by offset and
 * row stride; A is read one broadcast scalar at a time, so it needs no packing (1×1 convs pass the NHWC input).
 *
 * <p>{@link #full} is the hot path: {@value #MR} rows × two vectors, all accumulators in plain locals so that C2 keeps
 * them in registers, and a loop without branches. Rows left below {@value #MR} go through {@link #sixRows}, and what
 * is left after that (fewer than six rows, or a partial column panel) through {@link GemmEdgeKernel}. Species and
 * sizes are {@code static final} constants: C2 only intrinsifies vector code whose species it can see as constant.
 */
final class GemmMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /**
   * Rows of a full tile. With two FMA units per core, 28 independent accumulators hide the FMA latency and need only
   * 16 loads per 28 FMAs; fourteen also divides the pixel count of every ResNet feature map of 14×14 and larger.
   */
  static final int MR = 14;
  /** Rows of the secondary tile. */
  static final int MR_SMALL = 6;
  /** Columns of a tile: two vectors. */
  static final int NR = 2 * LANES;

  private GemmMicroKernel() {}

  /**
   * A full {@code MR × NR} tile ({@value #MR} rows, two vectors): 28 accumulators, two B vectors and one broadcast
   * of A fill 31 of the 32 AVX-512 registers. Written out by hand because C2 keeps only plain locals in registers.
   *
   * @param a A, row {@code r} of the tile starting at {@code ai + r * lda}
   * @param b B, row {@code k} of the tile starting at {@code bi + k * ldb}, {@link #NR} readable floats
   * @param c C, row {@code r} of the tile starting at {@code ci + r * ldc}
   * @param accumulate add to C instead of overwriting it (a later pass over a blocked {@code k})
   * @param epilogue applied after the store on the last pass, or null on earlier passes
   * @param column the column of C's row that the tile starts at (indexes the bias)
   */
  static void full(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] c, int ci, int ldc, boolean accumulate, GemmEpilogue epilogue, int column) {
    int a0 = ai;
    int a1 = a0 + lda;
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
    int a12 = a11 + lda;
    int a13 = a12 + lda;
    int c0 = ci;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    int c8 = c7 + ldc;
    int c9 = c8 + ldc;
    int c10 = c9 + ldc;
    int c11 = c10 + ldc;
    int c12 = c11 + ldc;
    int c13 = c12 + ldc;
    FloatVector acc00;
    FloatVector acc01;
    FloatVector acc10;
    FloatVector acc11;
    FloatVector acc20;
    FloatVector acc21;
    FloatVector acc30;
    FloatVector acc31;
    FloatVector acc40;
    FloatVector acc41;
    FloatVector acc50;
    FloatVector acc51;
    FloatVector acc60;
    FloatVector acc61;
    FloatVector acc70;
    FloatVector acc71;
    FloatVector acc80;
    FloatVector acc81;
    FloatVector acc90;
    FloatVector acc91;
    FloatVector acc100;
    FloatVector acc101;
    FloatVector acc110;
    FloatVector acc111;
    FloatVector acc120;
    FloatVector acc121;
    FloatVector acc130;
    FloatVector acc131;
    if (accumulate) {
      acc00 = FloatVector.fromArray(SPECIES, c, c0);
      acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
      acc10 = FloatVector.fromArray(SPECIES, c, c1);
      acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
      acc20 = FloatVector.fromArray(SPECIES, c, c2);
      acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
      acc30 = FloatVector.fromArray(SPECIES, c, c3);
      acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
      acc40 = FloatVector.fromArray(SPECIES, c, c4);
      acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
      acc50 = FloatVector.fromArray(SPECIES, c, c5);
      acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
      acc60 = FloatVector.fromArray(SPECIES, c, c6);
      acc61 = FloatVector.fromArray(SPECIES, c, c6 + LANES);
      acc70 = FloatVector.fromArray(SPECIES, c, c7);
      acc71 = FloatVector.fromArray(SPECIES, c, c7 + LANES);
      acc80 = FloatVector.fromArray(SPECIES, c, c8);
      acc81 = FloatVector.fromArray(SPECIES, c, c8 + LANES);
      acc90 = FloatVector.fromArray(SPECIES, c, c9);
      acc91 = FloatVector.fromArray(SPECIES, c, c9 + LANES);
      acc100 = FloatVector.fromArray(SPECIES, c, c10);
      acc101 = FloatVector.fromArray(SPECIES, c, c10 + LANES);
      acc110 = FloatVector.fromArray(SPECIES, c, c11);
      acc111 = FloatVector.fromArray(SPECIES, c, c11 + LANES);
      acc120 = FloatVector.fromArray(SPECIES, c, c12);
      acc121 = FloatVector.fromArray(SPECIES, c, c12 + LANES);
      acc130 = FloatVector.fromArray(SPECIES, c, c13);
      acc131 = FloatVector.fromArray(SPECIES, c, c13 + LANES);
    } else {
      FloatVector zero = FloatVector.zero(SPECIES);
      acc00 = zero;
      acc01 = zero;
      acc10 = zero;
      acc11 = zero;
      acc20 = zero;
      acc21 = zero;
      acc30 = zero;
      acc31 = zero;
      acc40 = zero;
      acc41 = zero;
      acc50 = zero;
      acc51 = zero;
      acc60 = zero;
      acc61 = zero;
      acc70 = zero;
      acc71 = zero;
      acc80 = zero;
      acc81 = zero;
      acc90 = zero;
      acc91 = zero;
      acc100 = zero;
      acc101 = zero;
      acc110 = zero;
      acc111 = zero;
      acc120 = zero;
      acc121 = zero;
      acc130 = zero;
      acc131 = zero;
    }
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[a0 + k]);
      acc00 = av.fma(b0, acc00);
      acc01 = av.fma(b1, acc01);
      av = FloatVector.broadcast(SPECIES, a[a1 + k]);
      acc10 = av.fma(b0, acc10);
      acc11 = av.fma(b1, acc11);
      av = FloatVector.broadcast(SPECIES, a[a2 + k]);
      acc20 = av.fma(b0, acc20);
      acc21 = av.fma(b1, acc21);
      av = FloatVector.broadcast(SPECIES, a[a3 + k]);
      acc30 = av.fma(b0, acc30);
      acc31 = av.fma(b1, acc31);
      av = FloatVector.broadcast(SPECIES, a[a4 + k]);
      acc40 = av.fma(b0, acc40);
      acc41 = av.fma(b1, acc41);
      av = FloatVector.broadcast(SPECIES, a[a5 + k]);
      acc50 = av.fma(b0, acc50);
      acc51 = av.fma(b1, acc51);
      av = FloatVector.broadcast(SPECIES, a[a6 + k]);
      acc60 = av.fma(b0, acc60);
      acc61 = av.fma(b1, acc61);
      av = FloatVector.broadcast(SPECIES, a[a7 + k]);
      acc70 = av.fma(b0, acc70);
      acc71 = av.fma(b1, acc71);
      av = FloatVector.broadcast(SPECIES, a[a8 + k]);
      acc80 = av.fma(b0, acc80);
      acc81 = av.fma(b1, acc81);
      av = FloatVector.broadcast(SPECIES, a[a9 + k]);
      acc90 = av.fma(b0, acc90);
      acc91 = av.fma(b1, acc91);
      av = FloatVector.broadcast(SPECIES, a[a10 + k]);
      acc100 = av.fma(b0, acc100);
      acc101 = av.fma(b1, acc101);
      av = FloatVector.broadcast(SPECIES, a[a11 + k]);
      acc110 = av.fma(b0, acc110);
      acc111 = av.fma(b1, acc111);
      av = FloatVector.broadcast(SPECIES, a[a12 + k]);
      acc120 = av.fma(b0, acc120);
      acc121 = av.fma(b1, acc121);
      av = FloatVector.broadcast(SPECIES, a[a13 + k]);
      acc130 = av.fma(b0, acc130);
      acc131 = av.fma(b1, acc131);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + LANES);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + LANES);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + LANES);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + LANES);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + LANES);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + LANES);
    acc60.intoArray(c, c6);
    acc61.intoArray(c, c6 + LANES);
    acc70.intoArray(c, c7);
    acc71.intoArray(c, c7 + LANES);
    acc80.intoArray(c, c8);
    acc81.intoArray(c, c8 + LANES);
    acc90.intoArray(c, c9);
    acc91.intoArray(c, c9 + LANES);
    acc100.intoArray(c, c10);
    acc101.intoArray(c, c10 + LANES);
    acc110.intoArray(c, c11);
    acc111.intoArray(c, c11 + LANES);
    acc120.intoArray(c, c12);
    acc121.intoArray(c, c12 + LANES);
    acc130.intoArray(c, c13);
    acc131.intoArray(c, c13 + LANES);
    if (epilogue != null) {
      epilogue.applyRows(c, ci, ldc, 14, column);
    }
  }

  /** Six rows × {@link #NR} columns, for the rows left over below {@link #MR}; arguments as in {@link #full}. */
  static void sixRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] c, int ci, int ldc, boolean accumulate, GemmEpilogue epilogue, int column) {
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int c0 = ci;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    FloatVector acc00;
    FloatVector acc01;
    FloatVector acc10;
    FloatVector acc11;
    FloatVector acc20;
    FloatVector acc21;
    FloatVector acc30;
    FloatVector acc31;
    FloatVector acc40;
    FloatVector acc41;
    FloatVector acc50;
    FloatVector acc51;
    if (accumulate) {
      acc00 = FloatVector.fromArray(SPECIES, c, c0);
      acc01 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
      acc10 = FloatVector.fromArray(SPECIES, c, c1);
      acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
      acc20 = FloatVector.fromArray(SPECIES, c, c2);
      acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
      acc30 = FloatVector.fromArray(SPECIES, c, c3);
      acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
      acc40 = FloatVector.fromArray(SPECIES, c, c4);
      acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
      acc50 = FloatVector.fromArray(SPECIES, c, c5);
      acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
    } else {
      FloatVector zero = FloatVector.zero(SPECIES);
      acc00 = zero;
      acc01 = zero;
      acc10 = zero;
      acc11 = zero;
      acc20 = zero;
      acc21 = zero;
      acc30 = zero;
      acc31 = zero;
      acc40 = zero;
      acc41 = zero;
      acc50 = zero;
      acc51 = zero;
    }
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[a0 + k]);
      acc00 = av.fma(b0, acc00);
      acc01 = av.fma(b1, acc01);
      av = FloatVector.broadcast(SPECIES, a[a1 + k]);
      acc10 = av.fma(b0, acc10);
      acc11 = av.fma(b1, acc11);
      av = FloatVector.broadcast(SPECIES, a[a2 + k]);
      acc20 = av.fma(b0, acc20);
      acc21 = av.fma(b1, acc21);
      av = FloatVector.broadcast(SPECIES, a[a3 + k]);
      acc30 = av.fma(b0, acc30);
      acc31 = av.fma(b1, acc31);
      av = FloatVector.broadcast(SPECIES, a[a4 + k]);
      acc40 = av.fma(b0, acc40);
      acc41 = av.fma(b1, acc41);
      av = FloatVector.broadcast(SPECIES, a[a5 + k]);
      acc50 = av.fma(b0, acc50);
      acc51 = av.fma(b1, acc51);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + LANES);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + LANES);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + LANES);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + LANES);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + LANES);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + LANES);
    if (epilogue != null) {
      epilogue.applyRows(c, ci, ldc, 6, column);
    }
  }
}
