package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernel for column panels one vector wide ({@link GemmMicroKernel#LANES} columns: ResNet-20's 16 output
 * channels with AVX-512), which would otherwise go through {@link GemmEdgeKernel} one row at a time, bound by the
 * latency of a single accumulator. Fourteen rows × one vector: 14 accumulators, one B vector and one broadcast, which
 * fits AVX2's 16 registers as well as AVX-512's 32.
 */
final class GemmNarrowKernel {
  /** Rows of the tile. */
  static final int ROWS = 14;

  private GemmNarrowKernel() {}

  /**
   * {@link #ROWS} rows × {@link GemmMicroKernel#LANES} columns. Arguments as in {@link GemmMicroKernel#full}, with
   * {@code LANES} readable floats per row of B and of the bias.
   */
  static void tile(
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
    int i1 = i0 + ldi;
    FloatVector acc10 = FloatVector.fromArray(SPECIES, init, i1);
    int i2 = i1 + ldi;
    FloatVector acc20 = FloatVector.fromArray(SPECIES, init, i2);
    int i3 = i2 + ldi;
    FloatVector acc30 = FloatVector.fromArray(SPECIES, init, i3);
    int i4 = i3 + ldi;
    FloatVector acc40 = FloatVector.fromArray(SPECIES, init, i4);
    int i5 = i4 + ldi;
    FloatVector acc50 = FloatVector.fromArray(SPECIES, init, i5);
    int i6 = i5 + ldi;
    FloatVector acc60 = FloatVector.fromArray(SPECIES, init, i6);
    int i7 = i6 + ldi;
    FloatVector acc70 = FloatVector.fromArray(SPECIES, init, i7);
    int i8 = i7 + ldi;
    FloatVector acc80 = FloatVector.fromArray(SPECIES, init, i8);
    int i9 = i8 + ldi;
    FloatVector acc90 = FloatVector.fromArray(SPECIES, init, i9);
    int i10 = i9 + ldi;
    FloatVector acc100 = FloatVector.fromArray(SPECIES, init, i10);
    int i11 = i10 + ldi;
    FloatVector acc110 = FloatVector.fromArray(SPECIES, init, i11);
    int i12 = i11 + ldi;
    FloatVector acc120 = FloatVector.fromArray(SPECIES, init, i12);
    int i13 = i12 + ldi;
    FloatVector acc130 = FloatVector.fromArray(SPECIES, init, i13);
    int bk = bi;
    for (int k = 0; k < depth; k++, bk += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
      FloatVector av = FloatVector.broadcast(SPECIES, a[a0 + k]);
      acc00 = av.fma(b0, acc00);
      av = FloatVector.broadcast(SPECIES, a[a1 + k]);
      acc10 = av.fma(b0, acc10);
      av = FloatVector.broadcast(SPECIES, a[a2 + k]);
      acc20 = av.fma(b0, acc20);
      av = FloatVector.broadcast(SPECIES, a[a3 + k]);
      acc30 = av.fma(b0, acc30);
      av = FloatVector.broadcast(SPECIES, a[a4 + k]);
      acc40 = av.fma(b0, acc40);
      av = FloatVector.broadcast(SPECIES, a[a5 + k]);
      acc50 = av.fma(b0, acc50);
      av = FloatVector.broadcast(SPECIES, a[a6 + k]);
      acc60 = av.fma(b0, acc60);
      av = FloatVector.broadcast(SPECIES, a[a7 + k]);
      acc70 = av.fma(b0, acc70);
      av = FloatVector.broadcast(SPECIES, a[a8 + k]);
      acc80 = av.fma(b0, acc80);
      av = FloatVector.broadcast(SPECIES, a[a9 + k]);
      acc90 = av.fma(b0, acc90);
      av = FloatVector.broadcast(SPECIES, a[a10 + k]);
      acc100 = av.fma(b0, acc100);
      av = FloatVector.broadcast(SPECIES, a[a11 + k]);
      acc110 = av.fma(b0, acc110);
      av = FloatVector.broadcast(SPECIES, a[a12 + k]);
      acc120 = av.fma(b0, acc120);
      av = FloatVector.broadcast(SPECIES, a[a13 + k]);
      acc130 = av.fma(b0, acc130);
    }
    FloatVector bias0 = FloatVector.fromArray(SPECIES, bias, bo);
    FloatVector min = FloatVector.broadcast(SPECIES, floor);
    int c0 = ci;
    acc00.add(bias0).max(min).intoArray(c, c0);
    int c1 = c0 + ldc;
    acc10.add(bias0).max(min).intoArray(c, c1);
    int c2 = c1 + ldc;
    acc20.add(bias0).max(min).intoArray(c, c2);
    int c3 = c2 + ldc;
    acc30.add(bias0).max(min).intoArray(c, c3);
    int c4 = c3 + ldc;
    acc40.add(bias0).max(min).intoArray(c, c4);
    int c5 = c4 + ldc;
    acc50.add(bias0).max(min).intoArray(c, c5);
    int c6 = c5 + ldc;
    acc60.add(bias0).max(min).intoArray(c, c6);
    int c7 = c6 + ldc;
    acc70.add(bias0).max(min).intoArray(c, c7);
    int c8 = c7 + ldc;
    acc80.add(bias0).max(min).intoArray(c, c8);
    int c9 = c8 + ldc;
    acc90.add(bias0).max(min).intoArray(c, c9);
    int c10 = c9 + ldc;
    acc100.add(bias0).max(min).intoArray(c, c10);
    int c11 = c10 + ldc;
    acc110.add(bias0).max(min).intoArray(c, c11);
    int c12 = c11 + ldc;
    acc120.add(bias0).max(min).intoArray(c, c12);
    int c13 = c12 + ldc;
    acc130.add(bias0).max(min).intoArray(c, c13);

  }
}
