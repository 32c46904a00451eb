package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link NarrowConv}: a run of output pixels of one row × all output channels (one or two
 * vectors), accumulated over every tap and input channel from the zero-bordered input buffer, whose pixel {@code r}
 * of a tile lies {@code stride} floats after pixel {@code r - 1} ({@code strideW * cin}; the three-wide tiles are for
 * stride 1 and know it). Accumulators are plain locals, written out by hand: C2 keeps only those in registers.
 */
final class NarrowConvTiles {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Input channels of {@link #fourteenPixelsThreeWide}: as many as it has output channels. */
  static final int ONE_VECTOR_INPUT = LANES;
  /** Input channels of {@link #sevenPixelsWideThreeWide}: as many as it has output channels. */
  static final int TWO_VECTOR_INPUT = 2 * LANES;

  private NarrowConvTiles() {}

  /**
   * Fourteen neighbouring pixels of a row, pixel {@code r}'s runs {@code cin} floats after pixel {@code r - 1}'s;
   * runs as in {@link NarrowConv}'s one-pixel path.
   */
  static void fourteenPixels(
      float[] a, int ai, int stride, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    FloatVector acc4 = acc0;
    FloatVector acc5 = acc0;
    FloatVector acc6 = acc0;
    FloatVector acc7 = acc0;
    FloatVector acc8 = acc0;
    FloatVector acc9 = acc0;
    FloatVector acc10 = acc0;
    FloatVector acc11 = acc0;
    FloatVector acc12 = acc0;
    FloatVector acc13 = acc0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * LANES;
      for (int k = 0; k < length; k++, bk += LANES) {
        FloatVector bv = FloatVector.fromArray(SPECIES, b, bk);
        int ak = a0 + k;
        acc0 = FloatVector.broadcast(SPECIES, a[ak]).fma(bv, acc0);
        acc1 = FloatVector.broadcast(SPECIES, a[ak + stride]).fma(bv, acc1);
        acc2 = FloatVector.broadcast(SPECIES, a[ak + 2 * stride]).fma(bv, acc2);
        acc3 = FloatVector.broadcast(SPECIES, a[ak + 3 * stride]).fma(bv, acc3);
        acc4 = FloatVector.broadcast(SPECIES, a[ak + 4 * stride]).fma(bv, acc4);
        acc5 = FloatVector.broadcast(SPECIES, a[ak + 5 * stride]).fma(bv, acc5);
        acc6 = FloatVector.broadcast(SPECIES, a[ak + 6 * stride]).fma(bv, acc6);
        acc7 = FloatVector.broadcast(SPECIES, a[ak + 7 * stride]).fma(bv, acc7);
        acc8 = FloatVector.broadcast(SPECIES, a[ak + 8 * stride]).fma(bv, acc8);
        acc9 = FloatVector.broadcast(SPECIES, a[ak + 9 * stride]).fma(bv, acc9);
        acc10 = FloatVector.broadcast(SPECIES, a[ak + 10 * stride]).fma(bv, acc10);
        acc11 = FloatVector.broadcast(SPECIES, a[ak + 11 * stride]).fma(bv, acc11);
        acc12 = FloatVector.broadcast(SPECIES, a[ak + 12 * stride]).fma(bv, acc12);
        acc13 = FloatVector.broadcast(SPECIES, a[ak + 13 * stride]).fma(bv, acc13);
      }
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + LANES);
    acc2.intoArray(c, ci + 2 * LANES);
    acc3.intoArray(c, ci + 3 * LANES);
    acc4.intoArray(c, ci + 4 * LANES);
    acc5.intoArray(c, ci + 5 * LANES);
    acc6.intoArray(c, ci + 6 * LANES);
    acc7.intoArray(c, ci + 7 * LANES);
    acc8.intoArray(c, ci + 8 * LANES);
    acc9.intoArray(c, ci + 9 * LANES);
    acc10.intoArray(c, ci + 10 * LANES);
    acc11.intoArray(c, ci + 11 * LANES);
    acc12.intoArray(c, ci + 12 * LANES);
    acc13.intoArray(c, ci + 13 * LANES);
  }

  /** Seven pixels × two vectors of output channels: 14 accumulators, each broadcast feeding two FMAs. */
  static void sevenPixelsWide(
      float[] a, int ai, int stride, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector acc0_0 = FloatVector.zero(SPECIES);
    FloatVector acc0_1 = acc0_0;
    FloatVector acc1_0 = acc0_0;
    FloatVector acc1_1 = acc0_0;
    FloatVector acc2_0 = acc0_0;
    FloatVector acc2_1 = acc0_0;
    FloatVector acc3_0 = acc0_0;
    FloatVector acc3_1 = acc0_0;
    FloatVector acc4_0 = acc0_0;
    FloatVector acc4_1 = acc0_0;
    FloatVector acc5_0 = acc0_0;
    FloatVector acc5_1 = acc0_0;
    FloatVector acc6_0 = acc0_0;
    FloatVector acc6_1 = acc0_0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * 2 * LANES;
      for (int k = 0; k < length; k++, bk += 2 * LANES) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        int ak = a0 + k;
        FloatVector av = FloatVector.broadcast(SPECIES, a[ak]);
        acc0_0 = av.fma(b0, acc0_0);
        acc0_1 = av.fma(b1, acc0_1);
        av = FloatVector.broadcast(SPECIES, a[ak + stride]);
        acc1_0 = av.fma(b0, acc1_0);
        acc1_1 = av.fma(b1, acc1_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 2 * stride]);
        acc2_0 = av.fma(b0, acc2_0);
        acc2_1 = av.fma(b1, acc2_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 3 * stride]);
        acc3_0 = av.fma(b0, acc3_0);
        acc3_1 = av.fma(b1, acc3_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 4 * stride]);
        acc4_0 = av.fma(b0, acc4_0);
        acc4_1 = av.fma(b1, acc4_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 5 * stride]);
        acc5_0 = av.fma(b0, acc5_0);
        acc5_1 = av.fma(b1, acc5_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 6 * stride]);
        acc6_0 = av.fma(b0, acc6_0);
        acc6_1 = av.fma(b1, acc6_1);
      }
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc1_0.intoArray(c, ci + 2 * LANES);
    acc1_1.intoArray(c, ci + 3 * LANES);
    acc2_0.intoArray(c, ci + 4 * LANES);
    acc2_1.intoArray(c, ci + 5 * LANES);
    acc3_0.intoArray(c, ci + 6 * LANES);
    acc3_1.intoArray(c, ci + 7 * LANES);
    acc4_0.intoArray(c, ci + 8 * LANES);
    acc4_1.intoArray(c, ci + 9 * LANES);
    acc5_0.intoArray(c, ci + 10 * LANES);
    acc5_1.intoArray(c, ci + 11 * LANES);
    acc6_0.intoArray(c, ci + 12 * LANES);
    acc6_1.intoArray(c, ci + 13 * LANES);
  }

  /**
   * The rest of a row after its 14-pixel tiles, four pixels at a time, runs as in {@link #fourteenPixels}. Each pixel
   * keeps two accumulators, one for the even and one for the odd steps of a run, so that eight independent FMA chains
   * hide the FMA latency: one chain per pixel ran at an eighth of the tiles' rate, and on CIFAR's 32-pixel rows the
   * four pixels left after two tiles cost as much as the other 28.
   */
  static void fourPixels(float[] a, int ai, int stride, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector even0 = FloatVector.zero(SPECIES);
    FloatVector even1 = even0;
    FloatVector even2 = even0;
    FloatVector even3 = even0;
    FloatVector odd0 = even0;
    FloatVector odd1 = even0;
    FloatVector odd2 = even0;
    FloatVector odd3 = even0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * LANES;
      int k = 0;
      for (; k + 1 < length; k += 2, bk += 2 * LANES) {
        FloatVector be = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector bo = FloatVector.fromArray(SPECIES, b, bk + LANES);
        int ak = a0 + k;
        even0 = FloatVector.broadcast(SPECIES, a[ak]).fma(be, even0);
        odd0 = FloatVector.broadcast(SPECIES, a[ak + 1]).fma(bo, odd0);
        even1 = FloatVector.broadcast(SPECIES, a[ak + stride]).fma(be, even1);
        odd1 = FloatVector.broadcast(SPECIES, a[ak + stride + 1]).fma(bo, odd1);
        even2 = FloatVector.broadcast(SPECIES, a[ak + 2 * stride]).fma(be, even2);
        odd2 = FloatVector.broadcast(SPECIES, a[ak + 2 * stride + 1]).fma(bo, odd2);
        even3 = FloatVector.broadcast(SPECIES, a[ak + 3 * stride]).fma(be, even3);
        odd3 = FloatVector.broadcast(SPECIES, a[ak + 3 * stride + 1]).fma(bo, odd3);
      }
      if (k < length) {
        FloatVector be = FloatVector.fromArray(SPECIES, b, bk);
        int ak = a0 + k;
        even0 = FloatVector.broadcast(SPECIES, a[ak]).fma(be, even0);
        even1 = FloatVector.broadcast(SPECIES, a[ak + stride]).fma(be, even1);
        even2 = FloatVector.broadcast(SPECIES, a[ak + 2 * stride]).fma(be, even2);
        even3 = FloatVector.broadcast(SPECIES, a[ak + 3 * stride]).fma(be, even3);
      }
    }
    even0.add(odd0).intoArray(c, ci);
    even1.add(odd1).intoArray(c, ci + LANES);
    even2.add(odd2).intoArray(c, ci + 2 * LANES);
    even3.add(odd3).intoArray(c, ci + 3 * LANES);
  }

  /**
   * The rest of a row after its 7-pixel tiles with two vectors of output channels, two pixels at a time, runs as in
   * {@link #sevenPixelsWide}; even and odd steps of a run in separate accumulators, as in {@link #fourPixels}.
   */
  static void twoPixelsWide(float[] a, int ai, int stride, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector even0_0 = FloatVector.zero(SPECIES);
    FloatVector even0_1 = even0_0;
    FloatVector even1_0 = even0_0;
    FloatVector even1_1 = even0_0;
    FloatVector odd0_0 = even0_0;
    FloatVector odd0_1 = even0_0;
    FloatVector odd1_0 = even0_0;
    FloatVector odd1_1 = even0_0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * 2 * LANES;
      int k = 0;
      for (; k + 1 < length; k += 2, bk += 4 * LANES) {
        FloatVector be0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector be1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        FloatVector bo0 = FloatVector.fromArray(SPECIES, b, bk + 2 * LANES);
        FloatVector bo1 = FloatVector.fromArray(SPECIES, b, bk + 3 * LANES);
        int ak = a0 + k;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        even0_0 = v.fma(be0, even0_0);
        even0_1 = v.fma(be1, even0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 1]);
        odd0_0 = v.fma(bo0, odd0_0);
        odd0_1 = v.fma(bo1, odd0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + stride]);
        even1_0 = v.fma(be0, even1_0);
        even1_1 = v.fma(be1, even1_1);
        v = FloatVector.broadcast(SPECIES, a[ak + stride + 1]);
        odd1_0 = v.fma(bo0, odd1_0);
        odd1_1 = v.fma(bo1, odd1_1);
      }
      if (k < length) {
        FloatVector be0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector be1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        int ak = a0 + k;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        even0_0 = v.fma(be0, even0_0);
        even0_1 = v.fma(be1, even0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + stride]);
        even1_0 = v.fma(be0, even1_0);
        even1_1 = v.fma(be1, even1_1);
      }
    }
    even0_0.add(odd0_0).intoArray(c, ci);
    even0_1.add(odd0_1).intoArray(c, ci + LANES);
    even1_0.add(odd1_0).intoArray(c, ci + 2 * LANES);
    even1_1.add(odd1_1).intoArray(c, ci + 3 * LANES);
  }

  /**
   * {@link #fourteenPixels} for a kernel three taps wide, in scatter order: each input value of the tile's
   * footprint row is broadcast once and feeds the (up to) three output pixels whose taps read it, so a broadcast
   * serves three FMAs instead of one. {@code rows} holds the buffer offset of each kernel row; the weights of kernel
   * row {@code i} are its three taps' {@code [cin][LANES]} blocks.
   */
  static void fourteenPixelsThreeWide(float[] a, int ai, int[] rows, float[] b, float[] c, int ci) {
    // The pixel stride as a constant: the 14 loads of a step then share one index plus constant offsets, which C2
    // bounds-checks once (with a variable stride: 14 checks and 14 registers, and ~15-20% slower in cache).
    final int cin = ONE_VECTOR_INPUT;
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    FloatVector acc4 = acc0;
    FloatVector acc5 = acc0;
    FloatVector acc6 = acc0;
    FloatVector acc7 = acc0;
    FloatVector acc8 = acc0;
    FloatVector acc9 = acc0;
    FloatVector acc10 = acc0;
    FloatVector acc11 = acc0;
    FloatVector acc12 = acc0;
    FloatVector acc13 = acc0;
    for (int i = 0; i < rows.length; i++) {
      int ar = ai + rows[i];
      int tap = 3 * i * cin * LANES;
      for (int co = 0; co < cin; co++) {
        int bk = tap + co * LANES;
        FloatVector w0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector w1 = FloatVector.fromArray(SPECIES, b, bk + cin * LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * LANES);
        int ak = ar + co;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        acc0 = v.fma(w0, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + cin]);
        acc1 = v.fma(w0, acc1);
        acc0 = v.fma(w1, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 2 * cin]);
        acc2 = v.fma(w0, acc2);
        acc1 = v.fma(w1, acc1);
        acc0 = v.fma(w2, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 3 * cin]);
        acc3 = v.fma(w0, acc3);
        acc2 = v.fma(w1, acc2);
        acc1 = v.fma(w2, acc1);
        v = FloatVector.broadcast(SPECIES, a[ak + 4 * cin]);
        acc4 = v.fma(w0, acc4);
        acc3 = v.fma(w1, acc3);
        acc2 = v.fma(w2, acc2);
        v = FloatVector.broadcast(SPECIES, a[ak + 5 * cin]);
        acc5 = v.fma(w0, acc5);
        acc4 = v.fma(w1, acc4);
        acc3 = v.fma(w2, acc3);
        v = FloatVector.broadcast(SPECIES, a[ak + 6 * cin]);
        acc6 = v.fma(w0, acc6);
        acc5 = v.fma(w1, acc5);
        acc4 = v.fma(w2, acc4);
        v = FloatVector.broadcast(SPECIES, a[ak + 7 * cin]);
        acc7 = v.fma(w0, acc7);
        acc6 = v.fma(w1, acc6);
        acc5 = v.fma(w2, acc5);
        v = FloatVector.broadcast(SPECIES, a[ak + 8 * cin]);
        acc8 = v.fma(w0, acc8);
        acc7 = v.fma(w1, acc7);
        acc6 = v.fma(w2, acc6);
        v = FloatVector.broadcast(SPECIES, a[ak + 9 * cin]);
        acc9 = v.fma(w0, acc9);
        acc8 = v.fma(w1, acc8);
        acc7 = v.fma(w2, acc7);
        v = FloatVector.broadcast(SPECIES, a[ak + 10 * cin]);
        acc10 = v.fma(w0, acc10);
        acc9 = v.fma(w1, acc9);
        acc8 = v.fma(w2, acc8);
        v = FloatVector.broadcast(SPECIES, a[ak + 11 * cin]);
        acc11 = v.fma(w0, acc11);
        acc10 = v.fma(w1, acc10);
        acc9 = v.fma(w2, acc9);
        v = FloatVector.broadcast(SPECIES, a[ak + 12 * cin]);
        acc12 = v.fma(w0, acc12);
        acc11 = v.fma(w1, acc11);
        acc10 = v.fma(w2, acc10);
        v = FloatVector.broadcast(SPECIES, a[ak + 13 * cin]);
        acc13 = v.fma(w0, acc13);
        acc12 = v.fma(w1, acc12);
        acc11 = v.fma(w2, acc11);
        v = FloatVector.broadcast(SPECIES, a[ak + 14 * cin]);
        acc13 = v.fma(w1, acc13);
        acc12 = v.fma(w2, acc12);
        v = FloatVector.broadcast(SPECIES, a[ak + 15 * cin]);
        acc13 = v.fma(w2, acc13);
      }
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + LANES);
    acc2.intoArray(c, ci + 2 * LANES);
    acc3.intoArray(c, ci + 3 * LANES);
    acc4.intoArray(c, ci + 4 * LANES);
    acc5.intoArray(c, ci + 5 * LANES);
    acc6.intoArray(c, ci + 6 * LANES);
    acc7.intoArray(c, ci + 7 * LANES);
    acc8.intoArray(c, ci + 8 * LANES);
    acc9.intoArray(c, ci + 9 * LANES);
    acc10.intoArray(c, ci + 10 * LANES);
    acc11.intoArray(c, ci + 11 * LANES);
    acc12.intoArray(c, ci + 12 * LANES);
    acc13.intoArray(c, ci + 13 * LANES);
  }

  /**
   * {@link #sevenPixelsWide} for a kernel three taps wide, in scatter order as {@link #fourteenPixelsThreeWide}:
   * each broadcast input value feeds up to six FMAs (three pixels × two vectors).
   */
  static void sevenPixelsWideThreeWide(float[] a, int ai, int[] rows, float[] b, float[] c, int ci) {
    // A constant pixel stride, as in fourteenPixelsThreeWide.
    final int cin = TWO_VECTOR_INPUT;
    FloatVector acc0_0 = FloatVector.zero(SPECIES);
    FloatVector acc0_1 = acc0_0;
    FloatVector acc1_0 = acc0_0;
    FloatVector acc1_1 = acc0_0;
    FloatVector acc2_0 = acc0_0;
    FloatVector acc2_1 = acc0_0;
    FloatVector acc3_0 = acc0_0;
    FloatVector acc3_1 = acc0_0;
    FloatVector acc4_0 = acc0_0;
    FloatVector acc4_1 = acc0_0;
    FloatVector acc5_0 = acc0_0;
    FloatVector acc5_1 = acc0_0;
    FloatVector acc6_0 = acc0_0;
    FloatVector acc6_1 = acc0_0;
    for (int i = 0; i < rows.length; i++) {
      int ar = ai + rows[i];
      int tap = 3 * i * cin * 2 * LANES;
      for (int co = 0; co < cin; co++) {
        int bk = tap + co * 2 * LANES;
        FloatVector w00 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector w01 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        FloatVector w10 = FloatVector.fromArray(SPECIES, b, bk + cin * 2 * LANES);
        FloatVector w11 = FloatVector.fromArray(SPECIES, b, bk + cin * 2 * LANES + LANES);
        FloatVector w20 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * 2 * LANES);
        FloatVector w21 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * 2 * LANES + LANES);
        int ak = ar + co;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        acc0_0 = v.fma(w00, acc0_0);
        acc0_1 = v.fma(w01, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + cin]);
        acc1_0 = v.fma(w00, acc1_0);
        acc1_1 = v.fma(w01, acc1_1);
        acc0_0 = v.fma(w10, acc0_0);
        acc0_1 = v.fma(w11, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 2 * cin]);
        acc2_0 = v.fma(w00, acc2_0);
        acc2_1 = v.fma(w01, acc2_1);
        acc1_0 = v.fma(w10, acc1_0);
        acc1_1 = v.fma(w11, acc1_1);
        acc0_0 = v.fma(w20, acc0_0);
        acc0_1 = v.fma(w21, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 3 * cin]);
        acc3_0 = v.fma(w00, acc3_0);
        acc3_1 = v.fma(w01, acc3_1);
        acc2_0 = v.fma(w10, acc2_0);
        acc2_1 = v.fma(w11, acc2_1);
        acc1_0 = v.fma(w20, acc1_0);
        acc1_1 = v.fma(w21, acc1_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 4 * cin]);
        acc4_0 = v.fma(w00, acc4_0);
        acc4_1 = v.fma(w01, acc4_1);
        acc3_0 = v.fma(w10, acc3_0);
        acc3_1 = v.fma(w11, acc3_1);
        acc2_0 = v.fma(w20, acc2_0);
        acc2_1 = v.fma(w21, acc2_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 5 * cin]);
        acc5_0 = v.fma(w00, acc5_0);
        acc5_1 = v.fma(w01, acc5_1);
        acc4_0 = v.fma(w10, acc4_0);
        acc4_1 = v.fma(w11, acc4_1);
        acc3_0 = v.fma(w20, acc3_0);
        acc3_1 = v.fma(w21, acc3_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 6 * cin]);
        acc6_0 = v.fma(w00, acc6_0);
        acc6_1 = v.fma(w01, acc6_1);
        acc5_0 = v.fma(w10, acc5_0);
        acc5_1 = v.fma(w11, acc5_1);
        acc4_0 = v.fma(w20, acc4_0);
        acc4_1 = v.fma(w21, acc4_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 7 * cin]);
        acc6_0 = v.fma(w10, acc6_0);
        acc6_1 = v.fma(w11, acc6_1);
        acc5_0 = v.fma(w20, acc5_0);
        acc5_1 = v.fma(w21, acc5_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 8 * cin]);
        acc6_0 = v.fma(w20, acc6_0);
        acc6_1 = v.fma(w21, acc6_1);
      }
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc1_0.intoArray(c, ci + 2 * LANES);
    acc1_1.intoArray(c, ci + 3 * LANES);
    acc2_0.intoArray(c, ci + 4 * LANES);
    acc2_1.intoArray(c, ci + 5 * LANES);
    acc3_0.intoArray(c, ci + 6 * LANES);
    acc3_1.intoArray(c, ci + 7 * LANES);
    acc4_0.intoArray(c, ci + 8 * LANES);
    acc4_1.intoArray(c, ci + 9 * LANES);
    acc5_0.intoArray(c, ci + 10 * LANES);
    acc5_1.intoArray(c, ci + 11 * LANES);
    acc6_0.intoArray(c, ci + 12 * LANES);
    acc6_1.intoArray(c, ci + 13 * LANES);
  }

  /**
   * {@link #sevenPixelsWideThreeWide} for eight pixels: 16 accumulators, six weight vectors and a broadcast need 23
   * registers, so only where {@link GemmMicroKernel#FULL_TILE_FITS} (AVX-512's 32). Rows of 16 pixels (CIFAR's second
   * stage) are two of these with no rest, where seven-pixel tiles leave two pixels to a tile at half the rate.
   */
  static void eightPixelsWideThreeWide(float[] a, int ai, int[] rows, float[] b, float[] c, int ci) {
    // A constant pixel stride, as in fourteenPixelsThreeWide.
    final int cin = TWO_VECTOR_INPUT;
    FloatVector acc0_0 = FloatVector.zero(SPECIES);
    FloatVector acc0_1 = acc0_0;
    FloatVector acc1_0 = acc0_0;
    FloatVector acc1_1 = acc0_0;
    FloatVector acc2_0 = acc0_0;
    FloatVector acc2_1 = acc0_0;
    FloatVector acc3_0 = acc0_0;
    FloatVector acc3_1 = acc0_0;
    FloatVector acc4_0 = acc0_0;
    FloatVector acc4_1 = acc0_0;
    FloatVector acc5_0 = acc0_0;
    FloatVector acc5_1 = acc0_0;
    FloatVector acc6_0 = acc0_0;
    FloatVector acc6_1 = acc0_0;
    FloatVector acc7_0 = acc0_0;
    FloatVector acc7_1 = acc0_0;
    for (int i = 0; i < rows.length; i++) {
      int ar = ai + rows[i];
      int tap = 3 * i * cin * 2 * LANES;
      for (int co = 0; co < cin; co++) {
        int bk = tap + co * 2 * LANES;
        FloatVector w00 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector w01 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        FloatVector w10 = FloatVector.fromArray(SPECIES, b, bk + cin * 2 * LANES);
        FloatVector w11 = FloatVector.fromArray(SPECIES, b, bk + cin * 2 * LANES + LANES);
        FloatVector w20 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * 2 * LANES);
        FloatVector w21 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * 2 * LANES + LANES);
        int ak = ar + co;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        acc0_0 = v.fma(w00, acc0_0);
        acc0_1 = v.fma(w01, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + cin]);
        acc1_0 = v.fma(w00, acc1_0);
        acc1_1 = v.fma(w01, acc1_1);
        acc0_0 = v.fma(w10, acc0_0);
        acc0_1 = v.fma(w11, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 2 * cin]);
        acc2_0 = v.fma(w00, acc2_0);
        acc2_1 = v.fma(w01, acc2_1);
        acc1_0 = v.fma(w10, acc1_0);
        acc1_1 = v.fma(w11, acc1_1);
        acc0_0 = v.fma(w20, acc0_0);
        acc0_1 = v.fma(w21, acc0_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 3 * cin]);
        acc3_0 = v.fma(w00, acc3_0);
        acc3_1 = v.fma(w01, acc3_1);
        acc2_0 = v.fma(w10, acc2_0);
        acc2_1 = v.fma(w11, acc2_1);
        acc1_0 = v.fma(w20, acc1_0);
        acc1_1 = v.fma(w21, acc1_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 4 * cin]);
        acc4_0 = v.fma(w00, acc4_0);
        acc4_1 = v.fma(w01, acc4_1);
        acc3_0 = v.fma(w10, acc3_0);
        acc3_1 = v.fma(w11, acc3_1);
        acc2_0 = v.fma(w20, acc2_0);
        acc2_1 = v.fma(w21, acc2_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 5 * cin]);
        acc5_0 = v.fma(w00, acc5_0);
        acc5_1 = v.fma(w01, acc5_1);
        acc4_0 = v.fma(w10, acc4_0);
        acc4_1 = v.fma(w11, acc4_1);
        acc3_0 = v.fma(w20, acc3_0);
        acc3_1 = v.fma(w21, acc3_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 6 * cin]);
        acc6_0 = v.fma(w00, acc6_0);
        acc6_1 = v.fma(w01, acc6_1);
        acc5_0 = v.fma(w10, acc5_0);
        acc5_1 = v.fma(w11, acc5_1);
        acc4_0 = v.fma(w20, acc4_0);
        acc4_1 = v.fma(w21, acc4_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 7 * cin]);
        acc7_0 = v.fma(w00, acc7_0);
        acc7_1 = v.fma(w01, acc7_1);
        acc6_0 = v.fma(w10, acc6_0);
        acc6_1 = v.fma(w11, acc6_1);
        acc5_0 = v.fma(w20, acc5_0);
        acc5_1 = v.fma(w21, acc5_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 8 * cin]);
        acc7_0 = v.fma(w10, acc7_0);
        acc7_1 = v.fma(w11, acc7_1);
        acc6_0 = v.fma(w20, acc6_0);
        acc6_1 = v.fma(w21, acc6_1);
        v = FloatVector.broadcast(SPECIES, a[ak + 9 * cin]);
        acc7_0 = v.fma(w20, acc7_0);
        acc7_1 = v.fma(w21, acc7_1);
      }
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc1_0.intoArray(c, ci + 2 * LANES);
    acc1_1.intoArray(c, ci + 3 * LANES);
    acc2_0.intoArray(c, ci + 4 * LANES);
    acc2_1.intoArray(c, ci + 5 * LANES);
    acc3_0.intoArray(c, ci + 6 * LANES);
    acc3_1.intoArray(c, ci + 7 * LANES);
    acc4_0.intoArray(c, ci + 8 * LANES);
    acc4_1.intoArray(c, ci + 9 * LANES);
    acc5_0.intoArray(c, ci + 10 * LANES);
    acc5_1.intoArray(c, ci + 11 * LANES);
    acc6_0.intoArray(c, ci + 12 * LANES);
    acc6_1.intoArray(c, ci + 13 * LANES);
    acc7_0.intoArray(c, ci + 14 * LANES);
    acc7_1.intoArray(c, ci + 15 * LANES);
  }

  /**
   * {@link #fourteenPixelsThreeWide} for sixteen pixels: 16 accumulators, three weight vectors and a broadcast need 20
   * registers, so only where {@link GemmMicroKernel#FULL_TILE_FITS} (AVX-512's 32). CIFAR's 32-pixel rows are two of
   * these with no rest, where 14-pixel tiles leave four pixels to a tile at half the rate.
   */
  static void sixteenPixelsThreeWide(float[] a, int ai, int[] rows, float[] b, float[] c, int ci) {
    // A constant pixel stride, as in fourteenPixelsThreeWide.
    final int cin = ONE_VECTOR_INPUT;
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    FloatVector acc4 = acc0;
    FloatVector acc5 = acc0;
    FloatVector acc6 = acc0;
    FloatVector acc7 = acc0;
    FloatVector acc8 = acc0;
    FloatVector acc9 = acc0;
    FloatVector acc10 = acc0;
    FloatVector acc11 = acc0;
    FloatVector acc12 = acc0;
    FloatVector acc13 = acc0;
    FloatVector acc14 = acc0;
    FloatVector acc15 = acc0;
    for (int i = 0; i < rows.length; i++) {
      int ar = ai + rows[i];
      int tap = 3 * i * cin * LANES;
      for (int co = 0; co < cin; co++) {
        int bk = tap + co * LANES;
        FloatVector w0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector w1 = FloatVector.fromArray(SPECIES, b, bk + cin * LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, b, bk + 2 * cin * LANES);
        int ak = ar + co;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        acc0 = v.fma(w0, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + cin]);
        acc1 = v.fma(w0, acc1);
        acc0 = v.fma(w1, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 2 * cin]);
        acc2 = v.fma(w0, acc2);
        acc1 = v.fma(w1, acc1);
        acc0 = v.fma(w2, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 3 * cin]);
        acc3 = v.fma(w0, acc3);
        acc2 = v.fma(w1, acc2);
        acc1 = v.fma(w2, acc1);
        v = FloatVector.broadcast(SPECIES, a[ak + 4 * cin]);
        acc4 = v.fma(w0, acc4);
        acc3 = v.fma(w1, acc3);
        acc2 = v.fma(w2, acc2);
        v = FloatVector.broadcast(SPECIES, a[ak + 5 * cin]);
        acc5 = v.fma(w0, acc5);
        acc4 = v.fma(w1, acc4);
        acc3 = v.fma(w2, acc3);
        v = FloatVector.broadcast(SPECIES, a[ak + 6 * cin]);
        acc6 = v.fma(w0, acc6);
        acc5 = v.fma(w1, acc5);
        acc4 = v.fma(w2, acc4);
        v = FloatVector.broadcast(SPECIES, a[ak + 7 * cin]);
        acc7 = v.fma(w0, acc7);
        acc6 = v.fma(w1, acc6);
        acc5 = v.fma(w2, acc5);
        v = FloatVector.broadcast(SPECIES, a[ak + 8 * cin]);
        acc8 = v.fma(w0, acc8);
        acc7 = v.fma(w1, acc7);
        acc6 = v.fma(w2, acc6);
        v = FloatVector.broadcast(SPECIES, a[ak + 9 * cin]);
        acc9 = v.fma(w0, acc9);
        acc8 = v.fma(w1, acc8);
        acc7 = v.fma(w2, acc7);
        v = FloatVector.broadcast(SPECIES, a[ak + 10 * cin]);
        acc10 = v.fma(w0, acc10);
        acc9 = v.fma(w1, acc9);
        acc8 = v.fma(w2, acc8);
        v = FloatVector.broadcast(SPECIES, a[ak + 11 * cin]);
        acc11 = v.fma(w0, acc11);
        acc10 = v.fma(w1, acc10);
        acc9 = v.fma(w2, acc9);
        v = FloatVector.broadcast(SPECIES, a[ak + 12 * cin]);
        acc12 = v.fma(w0, acc12);
        acc11 = v.fma(w1, acc11);
        acc10 = v.fma(w2, acc10);
        v = FloatVector.broadcast(SPECIES, a[ak + 13 * cin]);
        acc13 = v.fma(w0, acc13);
        acc12 = v.fma(w1, acc12);
        acc11 = v.fma(w2, acc11);
        v = FloatVector.broadcast(SPECIES, a[ak + 14 * cin]);
        acc14 = v.fma(w0, acc14);
        acc13 = v.fma(w1, acc13);
        acc12 = v.fma(w2, acc12);
        v = FloatVector.broadcast(SPECIES, a[ak + 15 * cin]);
        acc15 = v.fma(w0, acc15);
        acc14 = v.fma(w1, acc14);
        acc13 = v.fma(w2, acc13);
        v = FloatVector.broadcast(SPECIES, a[ak + 16 * cin]);
        acc15 = v.fma(w1, acc15);
        acc14 = v.fma(w2, acc14);
        v = FloatVector.broadcast(SPECIES, a[ak + 17 * cin]);
        acc15 = v.fma(w2, acc15);
      }
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + LANES);
    acc2.intoArray(c, ci + 2 * LANES);
    acc3.intoArray(c, ci + 3 * LANES);
    acc4.intoArray(c, ci + 4 * LANES);
    acc5.intoArray(c, ci + 5 * LANES);
    acc6.intoArray(c, ci + 6 * LANES);
    acc7.intoArray(c, ci + 7 * LANES);
    acc8.intoArray(c, ci + 8 * LANES);
    acc9.intoArray(c, ci + 9 * LANES);
    acc10.intoArray(c, ci + 10 * LANES);
    acc11.intoArray(c, ci + 11 * LANES);
    acc12.intoArray(c, ci + 12 * LANES);
    acc13.intoArray(c, ci + 13 * LANES);
    acc14.intoArray(c, ci + 14 * LANES);
    acc15.intoArray(c, ci + 15 * LANES);
  }
}
