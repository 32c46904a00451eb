package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SGEMM micro-kernels: {@code C[rows, NR] = max(init + A[rows, k] · B[k, NR] + bias, floor)}
 * for one tile. Matrices are row-major float arrays addressed by offset and row stride; A is read one broadcast
 * scalar at a time, so it needs no packing (1×1 convs pass the NHWC input).
 *
 * <p>{@link #full} is the hot path: 14 rows × two vectors, all accumulators in plain locals so that C2 keeps them in
 * registers, and a loop without branches. Rows left below 14 go through {@link #sixRows} and the seven-, four- and
 * two-row tiles of {@link GemmFewRowsKernel}, and what is left after that (one row, or a partial column panel)
 * through {@link GemmEdgeKernel}; panels only one vector wide (16 output channels with AVX-512) through
 * {@link GemmNarrowKernel}. Species and sizes are {@code static final}
 * constants: C2 only intrinsifies vector code whose species it can see as constant.
 *
 * <p>The epilogue runs on the accumulators before the single store, so C is written once per pass: the starting
 * values carry a residual (or the partial sums of an earlier depth pass), and {@code bias} and {@code floor} (0 for
 * ReLU, else -infinity) are applied on the way out. Neutral values ({@link #ZEROS}, -infinity) stand in for what a
 * pass does not apply, so the kernels have no branches for C2 to compile with an untaken path that deoptimizes later.
 */
final class GemmMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /**
   * Whether {@link #full} fits the register file: its 31 live vectors need AVX-512's 32 registers. With 256-bit
   * vectors (AVX2, 16 registers) it would spill, and {@link #sixRows} becomes the main kernel instead.
   */
  static final boolean FULL_TILE_FITS = SPECIES.vectorBitSize() >= 512;
  /** Rows of the secondary tile, which needs 15 vector registers. */
  static final int MR_SMALL = 6;
  /**
   * Rows of the main tile. With two FMA units per core, 28 independent accumulators hide the FMA latency and need
   * only 16 loads per 28 FMAs; fourteen also divides the pixel count of every ResNet-at-224 feature map of 14×14 and
   * larger.
   */
  static final int MR = FULL_TILE_FITS ? 14 : MR_SMALL;
  /** Columns of a tile: two vectors. */
  static final int NR = 2 * LANES;
  /**
   * Zeros: the accumulators' starting values on a first pass without residual (read with a row stride of 0), and the
   * bias of a pass without one.
   */
  static final float[] ZEROS = new float[NR];

  private GemmMicroKernel() {}

  /**
   * A full tile of 14 rows × {@link #NR} columns (two vectors), used when {@link #FULL_TILE_FITS}: 28 accumulators,
   * two B vectors and one broadcast of A fill 31 of the 32 AVX-512 registers. Written out by hand because C2 keeps
   * only plain locals in registers.
   *
   * @param a A, row {@code r} of the tile starting at {@code ai + r * lda}
   * @param b B, row {@code k} of the tile starting at {@code bi + k * ldb}, {@link #NR} readable floats
   * @param init the accumulators' starting values, row {@code r} at {@code ii + r * ldi}: C itself on a later pass
   *     over a blocked {@code k}, the residual on the first pass when there is one, else {@link #ZEROS} with
   *     {@code ldi = 0}
   * @param bias added to every row on the way out, {@link #NR} floats from {@code bo} ({@link #ZEROS} for none)
   * @param floor the lower clamp applied last: 0 for ReLU, {@link Float#NEGATIVE_INFINITY} for none
   * @param c C, row {@code r} of the tile starting at {@code ci + r * ldc}, overwritten
   */
  static void full(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
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
    int i0 = ii;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, init, i0);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, init, i0 + LANES);
    int i1 = i0 + ldi;
    FloatVector acc10 = FloatVector.fromArray(SPECIES, init, i1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, init, i1 + LANES);
    int i2 = i1 + ldi;
    FloatVector acc20 = FloatVector.fromArray(SPECIES, init, i2);
    FloatVector acc21 = FloatVector.fromArray(SPECIES, init, i2 + LANES);
    int i3 = i2 + ldi;
    FloatVector acc30 = FloatVector.fromArray(SPECIES, init, i3);
    FloatVector acc31 = FloatVector.fromArray(SPECIES, init, i3 + LANES);
    int i4 = i3 + ldi;
    FloatVector acc40 = FloatVector.fromArray(SPECIES, init, i4);
    FloatVector acc41 = FloatVector.fromArray(SPECIES, init, i4 + LANES);
    int i5 = i4 + ldi;
    FloatVector acc50 = FloatVector.fromArray(SPECIES, init, i5);
    FloatVector acc51 = FloatVector.fromArray(SPECIES, init, i5 + LANES);
    int i6 = i5 + ldi;
    FloatVector acc60 = FloatVector.fromArray(SPECIES, init, i6);
    FloatVector acc61 = FloatVector.fromArray(SPECIES, init, i6 + LANES);
    int i7 = i6 + ldi;
    FloatVector acc70 = FloatVector.fromArray(SPECIES, init, i7);
    FloatVector acc71 = FloatVector.fromArray(SPECIES, init, i7 + LANES);
    int i8 = i7 + ldi;
    FloatVector acc80 = FloatVector.fromArray(SPECIES, init, i8);
    FloatVector acc81 = FloatVector.fromArray(SPECIES, init, i8 + LANES);
    int i9 = i8 + ldi;
    FloatVector acc90 = FloatVector.fromArray(SPECIES, init, i9);
    FloatVector acc91 = FloatVector.fromArray(SPECIES, init, i9 + LANES);
    int i10 = i9 + ldi;
    FloatVector acc100 = FloatVector.fromArray(SPECIES, init, i10);
    FloatVector acc101 = FloatVector.fromArray(SPECIES, init, i10 + LANES);
    int i11 = i10 + ldi;
    FloatVector acc110 = FloatVector.fromArray(SPECIES, init, i11);
    FloatVector acc111 = FloatVector.fromArray(SPECIES, init, i11 + LANES);
    int i12 = i11 + ldi;
    FloatVector acc120 = FloatVector.fromArray(SPECIES, init, i12);
    FloatVector acc121 = FloatVector.fromArray(SPECIES, init, i12 + LANES);
    int i13 = i12 + ldi;
    FloatVector acc130 = FloatVector.fromArray(SPECIES, init, i13);
    FloatVector acc131 = FloatVector.fromArray(SPECIES, init, i13 + LANES);
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
    FloatVector bias0 = FloatVector.fromArray(SPECIES, bias, bo);
    FloatVector bias1 = FloatVector.fromArray(SPECIES, bias, bo + LANES);
    FloatVector min = FloatVector.broadcast(SPECIES, floor);
    int c0 = ci;
    acc00.add(bias0).max(min).intoArray(c, c0);
    acc01.add(bias1).max(min).intoArray(c, c0 + LANES);
    int c1 = c0 + ldc;
    acc10.add(bias0).max(min).intoArray(c, c1);
    acc11.add(bias1).max(min).intoArray(c, c1 + LANES);
    int c2 = c1 + ldc;
    acc20.add(bias0).max(min).intoArray(c, c2);
    acc21.add(bias1).max(min).intoArray(c, c2 + LANES);
    int c3 = c2 + ldc;
    acc30.add(bias0).max(min).intoArray(c, c3);
    acc31.add(bias1).max(min).intoArray(c, c3 + LANES);
    int c4 = c3 + ldc;
    acc40.add(bias0).max(min).intoArray(c, c4);
    acc41.add(bias1).max(min).intoArray(c, c4 + LANES);
    int c5 = c4 + ldc;
    acc50.add(bias0).max(min).intoArray(c, c5);
    acc51.add(bias1).max(min).intoArray(c, c5 + LANES);
    int c6 = c5 + ldc;
    acc60.add(bias0).max(min).intoArray(c, c6);
    acc61.add(bias1).max(min).intoArray(c, c6 + LANES);
    int c7 = c6 + ldc;
    acc70.add(bias0).max(min).intoArray(c, c7);
    acc71.add(bias1).max(min).intoArray(c, c7 + LANES);
    int c8 = c7 + ldc;
    acc80.add(bias0).max(min).intoArray(c, c8);
    acc81.add(bias1).max(min).intoArray(c, c8 + LANES);
    int c9 = c8 + ldc;
    acc90.add(bias0).max(min).intoArray(c, c9);
    acc91.add(bias1).max(min).intoArray(c, c9 + LANES);
    int c10 = c9 + ldc;
    acc100.add(bias0).max(min).intoArray(c, c10);
    acc101.add(bias1).max(min).intoArray(c, c10 + LANES);
    int c11 = c10 + ldc;
    acc110.add(bias0).max(min).intoArray(c, c11);
    acc111.add(bias1).max(min).intoArray(c, c11 + LANES);
    int c12 = c11 + ldc;
    acc120.add(bias0).max(min).intoArray(c, c12);
    acc121.add(bias1).max(min).intoArray(c, c12 + LANES);
    int c13 = c12 + ldc;
    acc130.add(bias0).max(min).intoArray(c, c13);
    acc131.add(bias1).max(min).intoArray(c, c13 + LANES);

  }

  /**
   * Six rows × {@link #NR} columns: the main kernel with fewer than 32 vector registers, else the one for the rows
   * left over below 14. Arguments as in {@link #full}.
   */
  static void sixRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int i0 = ii;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, init, i0);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, init, i0 + LANES);
    int i1 = i0 + ldi;
    FloatVector acc10 = FloatVector.fromArray(SPECIES, init, i1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, init, i1 + LANES);
    int i2 = i1 + ldi;
    FloatVector acc20 = FloatVector.fromArray(SPECIES, init, i2);
    FloatVector acc21 = FloatVector.fromArray(SPECIES, init, i2 + LANES);
    int i3 = i2 + ldi;
    FloatVector acc30 = FloatVector.fromArray(SPECIES, init, i3);
    FloatVector acc31 = FloatVector.fromArray(SPECIES, init, i3 + LANES);
    int i4 = i3 + ldi;
    FloatVector acc40 = FloatVector.fromArray(SPECIES, init, i4);
    FloatVector acc41 = FloatVector.fromArray(SPECIES, init, i4 + LANES);
    int i5 = i4 + ldi;
    FloatVector acc50 = FloatVector.fromArray(SPECIES, init, i5);
    FloatVector acc51 = FloatVector.fromArray(SPECIES, init, i5 + LANES);
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
    FloatVector bias0 = FloatVector.fromArray(SPECIES, bias, bo);
    FloatVector bias1 = FloatVector.fromArray(SPECIES, bias, bo + LANES);
    FloatVector min = FloatVector.broadcast(SPECIES, floor);
    int c0 = ci;
    acc00.add(bias0).max(min).intoArray(c, c0);
    acc01.add(bias1).max(min).intoArray(c, c0 + LANES);
    int c1 = c0 + ldc;
    acc10.add(bias0).max(min).intoArray(c, c1);
    acc11.add(bias1).max(min).intoArray(c, c1 + LANES);
    int c2 = c1 + ldc;
    acc20.add(bias0).max(min).intoArray(c, c2);
    acc21.add(bias1).max(min).intoArray(c, c2 + LANES);
    int c3 = c2 + ldc;
    acc30.add(bias0).max(min).intoArray(c, c3);
    acc31.add(bias1).max(min).intoArray(c, c3 + LANES);
    int c4 = c3 + ldc;
    acc40.add(bias0).max(min).intoArray(c, c4);
    acc41.add(bias1).max(min).intoArray(c, c4 + LANES);
    int c5 = c4 + ldc;
    acc50.add(bias0).max(min).intoArray(c, c5);
    acc51.add(bias1).max(min).intoArray(c, c5 + LANES);

  }
}
