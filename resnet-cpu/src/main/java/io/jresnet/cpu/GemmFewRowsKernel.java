package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Tiles of seven, four and two rows × {@link GemmMicroKernel#NR} columns for the rows left below the 14-row tile
 * (GEMMs of few rows: 49 output pixels of a 7×7 map are 3 × 14 + 7, 16 Winograd tiles of a 14×14 map 14 + 2, 32
 * tiles of 7×7 at batch 8 2 × 14 + 4). One row at a time, {@link GemmEdgeKernel} waits on the FMA latency with only
 * two accumulators; four or more independent ones keep both FMA units busy. Arguments as in
 * {@link GemmMicroKernel#full}.
 */
final class GemmFewRowsKernel {
  private GemmFewRowsKernel() {}

  /**
   * Seven rows: fourteen accumulators. For an odd remainder of 7 to 13 rows (ResNet's 7×7 maps: 49 = 3 × 14 + 7),
   * seven rows and then an even rest take fewer steps than six-row tiles followed by a lone edge row.
   */
  static void sevenRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
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
  }

  /** Four rows: eight accumulators. */
  static void fourRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
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
  }

  /** Two rows: four accumulators. */
  static void twoRows(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
      float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = a0 + lda;
    int i0 = ii;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, init, i0);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, init, i0 + LANES);
    int i1 = i0 + ldi;
    FloatVector acc10 = FloatVector.fromArray(SPECIES, init, i1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, init, i1 + LANES);
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
  }
}
