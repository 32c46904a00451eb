package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernel of {@link StemConv}: {@link GemmMicroKernel#full}'s 14 rows × two vectors, with A's column
 * {@code k} of each row at {@code offsets[k]} from the row's start instead of at {@code k}. A conv whose window
 * spans several input rows reads each window in place this way, one run of {@code kw * cin} floats per kernel
 * row, and sums all of them in registers, so each output is written once.
 *
 * <p>The rows lie a constant {@link #ROW_STRIDE} floats apart, so that the 14 loads of a step share one index plus
 * constant offsets: C2 then checks their bounds once per step and keeps one register for all of them. With the
 * stride as a parameter (14 row registers, 14 bounds checks per step) the kernel ran at 105 instead of 150 GFLOPS on
 * one thread, on the stem's operands held in cache.
 *
 * <p>One loop over a table rather than a loop per kernel row inside a loop over kernel rows: C2 compiled that
 * nesting of 28 vector accumulators with a 104 MB arena (the JVM's peak resident memory grew by 45 MB with it),
 * this loop with 60 MB, like {@link GemmMicroKernel#full}.
 */
final class TapTileKernel {
  /** Output pixels of a tile. */
  static final int ROWS = 14;
  /**
   * Floats from one output pixel's window to the next: an RGB input at stride 2, the stem of every ImageNet-style
   * ResNet.
   */
  static final int ROW_STRIDE = 6;

  private TapTileKernel() {}

  /**
   * {@code C[14, NR] = max(init + A[14, depth] · B[depth, NR] + bias, floor)} with {@code A[r, k]} at
   * {@code a[ai + r * ROW_STRIDE + offsets[k]]}; other arguments as in {@link GemmMicroKernel#full}.
   */
  static void full(
      float[] a, int ai, int[] offsets, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
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
      int o = ai + offsets[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[o]);
      acc00 = av.fma(b0, acc00);
      acc01 = av.fma(b1, acc01);
      av = FloatVector.broadcast(SPECIES, a[o + ROW_STRIDE]);
      acc10 = av.fma(b0, acc10);
      acc11 = av.fma(b1, acc11);
      av = FloatVector.broadcast(SPECIES, a[o + 2 * ROW_STRIDE]);
      acc20 = av.fma(b0, acc20);
      acc21 = av.fma(b1, acc21);
      av = FloatVector.broadcast(SPECIES, a[o + 3 * ROW_STRIDE]);
      acc30 = av.fma(b0, acc30);
      acc31 = av.fma(b1, acc31);
      av = FloatVector.broadcast(SPECIES, a[o + 4 * ROW_STRIDE]);
      acc40 = av.fma(b0, acc40);
      acc41 = av.fma(b1, acc41);
      av = FloatVector.broadcast(SPECIES, a[o + 5 * ROW_STRIDE]);
      acc50 = av.fma(b0, acc50);
      acc51 = av.fma(b1, acc51);
      av = FloatVector.broadcast(SPECIES, a[o + 6 * ROW_STRIDE]);
      acc60 = av.fma(b0, acc60);
      acc61 = av.fma(b1, acc61);
      av = FloatVector.broadcast(SPECIES, a[o + 7 * ROW_STRIDE]);
      acc70 = av.fma(b0, acc70);
      acc71 = av.fma(b1, acc71);
      av = FloatVector.broadcast(SPECIES, a[o + 8 * ROW_STRIDE]);
      acc80 = av.fma(b0, acc80);
      acc81 = av.fma(b1, acc81);
      av = FloatVector.broadcast(SPECIES, a[o + 9 * ROW_STRIDE]);
      acc90 = av.fma(b0, acc90);
      acc91 = av.fma(b1, acc91);
      av = FloatVector.broadcast(SPECIES, a[o + 10 * ROW_STRIDE]);
      acc100 = av.fma(b0, acc100);
      acc101 = av.fma(b1, acc101);
      av = FloatVector.broadcast(SPECIES, a[o + 11 * ROW_STRIDE]);
      acc110 = av.fma(b0, acc110);
      acc111 = av.fma(b1, acc111);
      av = FloatVector.broadcast(SPECIES, a[o + 12 * ROW_STRIDE]);
      acc120 = av.fma(b0, acc120);
      acc121 = av.fma(b1, acc121);
      av = FloatVector.broadcast(SPECIES, a[o + 13 * ROW_STRIDE]);
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
}
