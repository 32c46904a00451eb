package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernel of {@link StemConv}: {@link GemmMicroKernel#full}'s 14 rows × two vectors, with the depth cut into
 * {@code taps} segments, segment {@code t} reading A from {@code ai + t * aTap} and B from {@code bi + t * bTap}. The
 * accumulators stay in registers across all segments, so a conv whose window spans several rows of its input (one
 * segment per kernel row) writes each output once, without lowering the window into an im2col row first.
 */
final class TapTileKernel {
  private TapTileKernel() {}

  /**
   * {@code C[14, NR] = max(init + sum over t of A_t[14, depth] · B_t[depth, NR] + bias, floor)}; arguments as in
   * {@link GemmMicroKernel#full}, plus the segment count and strides. Zero segments leave {@code init + bias}.
   */
  static void full(
      float[] a, int ai, int lda, int aTap, float[] b, int bi, int ldb, int bTap, int depth, int taps,
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
    for (int t = 0; t < taps; t++) {
      int a0 = ai + t * aTap;
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
      int bk = bi + t * bTap;
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
