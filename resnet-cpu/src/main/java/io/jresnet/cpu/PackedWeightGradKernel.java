package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WeightGradKernel#accumulate}'s product {@code C[rows, cols] += Aᵀ · B} (the reduction over pixels) with both
 * operands packed per pass of {@link #PASS_PIXELS} pixels, for the im2col path of the weight gradient: A's rows in
 * groups of four ({@code [group][pixel][4]}), B one dense block per column tile ({@code [tile][pixel][width]}).
 *
 * <p>The tiles then read both operands at compile-time constant strides, four floats and the tile's width per pixel,
 * and C2 drops the bounds checks from their loops, which it cannot do for strides known only at run time (the
 * in-place kernels carry eight checks per sixteen FMAs); a pass of B sits in L1 at consecutive addresses instead of
 * rows of {@code dy} often a multiple of 1 KiB apart, which fall into a few cache sets. The 4 × 4-vector tile went
 * from ~90 to ~140 GFLOPS on one thread in isolation. Tiles and the rows or columns left over are those of
 * {@link WeightGradKernel}, and each element of C is summed in the same order, pixel by pixel from its old value, so
 * results are bit-identical to it.
 */
final class PackedWeightGradKernel {
  private static final VectorSpecies<Float> SPECIES = WeightGradKernel.SPECIES;
  private static final int LANES = WeightGradKernel.LANES;
  /** Pixels per pass: a pass of one 4-vector column tile of B (16 KiB) and of four rows of A stay in L1. */
  static final int PASS_PIXELS = 64;
  /** Rows of C per block: their packed slice of A ({@code PASS_PIXELS × ROW_BLOCK}) stays in L2. */
  static final int ROW_BLOCK = 256;
  /** Rows of A per packed group: the rows of the smallest tile, a divisor of every tile's rows. */
  private static final int GROUP = 4;
  /** One group's floats of one pixel, moved as one 128-bit vector. */
  private static final VectorSpecies<Float> QUAD = FloatVector.SPECIES_128;
  /**
   * Fewest output channels for which this kernel beats the in-place one: packing A pays off only when more than one
   * 4-vector column tile reads it (with 64 columns, the in-place kernel took 0.7× the time on the 3×3 convs of
   * ResNet-20's last stage).
   */
  static final int MIN_COLS = 8 * LANES;

  private PackedWeightGradKernel() {}

  /** Floats of the work buffer {@link #accumulate} packs into for {@code cols} columns. */
  static int workFloats(int cols) {
    return PASS_PIXELS * (ROW_BLOCK + cols);
  }

  /**
   * As {@link WeightGradKernel#accumulate}: {@code C[r, c] += sum over p < len of A[p, r] * B[p, c]} for {@code r}
   * in {@code [r0, r1)} and {@code c} in {@code [0, cols)}, A's {@code (p, r)} at {@code a[ai + p * lda + r]}, B's
   * {@code (p, c)} at {@code b[bi + p * ldb + c]}, C's {@code (r, c)} at {@code c[ci + r * ldc + c]}; {@code work}
   * holds at least {@link #workFloats}{@code (cols)} floats.
   */
  static void accumulate(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, int r0, int r1, int cols,
      float[] c, int ci, int ldc, float[] work) {
    int packedB = PASS_PIXELS * ROW_BLOCK;
    for (int p0 = 0; p0 < len; p0 += PASS_PIXELS) {
      int pLen = Math.min(PASS_PIXELS, len - p0);
      packB(b, bi + p0 * ldb, ldb, pLen, cols, work, packedB);
      for (int k0 = r0; k0 < r1; k0 += ROW_BLOCK) {
        int rows = Math.min(r1, k0 + ROW_BLOCK) - k0;
        packA(a, ai + p0 * lda + k0, lda, pLen, rows, work);
        block(work, packedB, pLen, rows, cols, c, ci + k0 * ldc, ldc);
      }
    }
  }

  /** Width of the column tile that starts at {@code col}: 4, 2 or 1 vectors, or the masked rest. */
  static int tileWidth(int cols, int col) {
    int left = cols - col;
    return left >= 4 * LANES ? 4 * LANES : left >= 2 * LANES ? 2 * LANES : left >= LANES ? LANES : left;
  }

  /** B's {@code pLen × cols} block at {@code bp} into {@code out}: the tile at {@code col} from {@code at + col * pLen}. */
  private static void packB(float[] b, int bp, int ldb, int pLen, int cols, float[] out, int at) {
    for (int col = 0; col < cols; ) {
      int width = tileWidth(cols, col);
      int o = at + col * pLen;
      for (int p = 0; p < pLen; p++, o += width) {
        copy(b, bp + p * ldb + col, out, o, width);
      }
      col += width;
    }
  }

  /** A's {@code pLen × rows} block at {@code ap} into {@code out} from 0, rows {@code [4g, 4g + 4)} from {@code g * pLen * 4}. */
  private static void packA(float[] a, int ap, int lda, int pLen, int rows, float[] out) {
    int full = rows - rows % GROUP;
    for (int p = 0; p < pLen; p++) {
      int src = ap + p * lda;
      int o = p * GROUP;
      for (int r = 0; r < full; r += GROUP, o += pLen * GROUP) {
        FloatVector.fromArray(QUAD, a, src + r).intoArray(out, o);
      }
      for (int r = full; r < rows; r++) {
        out[o + r - full] = a[src + r];
      }
    }
  }

  private static void copy(float[] src, int from, float[] dst, int to, int n) {
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      FloatVector.fromArray(SPECIES, src, from + i).intoArray(dst, to + i);
    }
    for (; i < n; i++) {
      dst[to + i] = src[from + i];
    }
  }

  /** Rows {@code [0, rows)} of C from {@code ci} over one pass of {@code len} pixels, both operands in {@code w}. */
  private static void block(float[] w, int packedB, int len, int rows, int cols, float[] c, int ci, int ldc) {
    int groupFloats = len * GROUP;
    for (int col = 0; col < cols; ) {
      int width = tileWidth(cols, col);
      int bc = packedB + col * len;
      int vectors = width / LANES;
      int tileRows = vectors == 0 ? 0 : 16 / vectors;
      int r = 0;
      if (vectors > 0) {
        for (; r + tileRows <= rows; r += tileRows) {
          int cr = ci + r * ldc + col;
          int ar = (r / GROUP) * groupFloats;
          if (vectors == 4) {
            fourByFour(w, ar, w, bc, len, c, cr, ldc);
          } else if (vectors == 2) {
            eightByTwo(w, ar, groupFloats, w, bc, len, c, cr, ldc);
          } else {
            sixteenByOne(w, ar, groupFloats, w, bc, len, c, cr, ldc);
          }
        }
      }
      for (; r < rows; r++) {
        int ar = (r / GROUP) * groupFloats + r % GROUP;
        WeightGradKernel.oneRow(w, ar, GROUP, w, bc, width, len, width, c, ci + r * ldc + col);
      }
      col += width;
    }
  }

  /** Four rows × four vectors: A's rows one group, 4 floats per pixel; B's pixels {@code 4 * LANES} apart. */
  private static void fourByFour(float[] a, int ai, float[] b, int bi, int len, float[] c, int ci, int ldc) {
    FloatVector acc0_0 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc0_1 = FloatVector.fromArray(SPECIES, c, ci + LANES);
    FloatVector acc0_2 = FloatVector.fromArray(SPECIES, c, ci + 2 * LANES);
    FloatVector acc0_3 = FloatVector.fromArray(SPECIES, c, ci + 3 * LANES);
    FloatVector acc1_0 = FloatVector.fromArray(SPECIES, c, ci + ldc);
    FloatVector acc1_1 = FloatVector.fromArray(SPECIES, c, ci + ldc + LANES);
    FloatVector acc1_2 = FloatVector.fromArray(SPECIES, c, ci + ldc + 2 * LANES);
    FloatVector acc1_3 = FloatVector.fromArray(SPECIES, c, ci + ldc + 3 * LANES);
    FloatVector acc2_0 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc);
    FloatVector acc2_1 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + LANES);
    FloatVector acc2_2 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + 2 * LANES);
    FloatVector acc2_3 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + 3 * LANES);
    FloatVector acc3_0 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc);
    FloatVector acc3_1 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + LANES);
    FloatVector acc3_2 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + 2 * LANES);
    FloatVector acc3_3 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + 3 * LANES);
    for (int p = 0; p < len; p++) {
      int ap = ai + p * GROUP;
      int bp = bi + p * (4 * LANES);
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
      acc0_0 = av.fma(b0, acc0_0);
      acc0_1 = av.fma(b1, acc0_1);
      acc0_2 = av.fma(b2, acc0_2);
      acc0_3 = av.fma(b3, acc0_3);
      av = FloatVector.broadcast(SPECIES, a[ap + 1]);
      acc1_0 = av.fma(b0, acc1_0);
      acc1_1 = av.fma(b1, acc1_1);
      acc1_2 = av.fma(b2, acc1_2);
      acc1_3 = av.fma(b3, acc1_3);
      av = FloatVector.broadcast(SPECIES, a[ap + 2]);
      acc2_0 = av.fma(b0, acc2_0);
      acc2_1 = av.fma(b1, acc2_1);
      acc2_2 = av.fma(b2, acc2_2);
      acc2_3 = av.fma(b3, acc2_3);
      av = FloatVector.broadcast(SPECIES, a[ap + 3]);
      acc3_0 = av.fma(b0, acc3_0);
      acc3_1 = av.fma(b1, acc3_1);
      acc3_2 = av.fma(b2, acc3_2);
      acc3_3 = av.fma(b3, acc3_3);
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc0_2.intoArray(c, ci + 2 * LANES);
    acc0_3.intoArray(c, ci + 3 * LANES);
    acc1_0.intoArray(c, ci + ldc);
    acc1_1.intoArray(c, ci + ldc + LANES);
    acc1_2.intoArray(c, ci + ldc + 2 * LANES);
    acc1_3.intoArray(c, ci + ldc + 3 * LANES);
    acc2_0.intoArray(c, ci + 2 * ldc);
    acc2_1.intoArray(c, ci + 2 * ldc + LANES);
    acc2_2.intoArray(c, ci + 2 * ldc + 2 * LANES);
    acc2_3.intoArray(c, ci + 2 * ldc + 3 * LANES);
    acc3_0.intoArray(c, ci + 3 * ldc);
    acc3_1.intoArray(c, ci + 3 * ldc + LANES);
    acc3_2.intoArray(c, ci + 3 * ldc + 2 * LANES);
    acc3_3.intoArray(c, ci + 3 * ldc + 3 * LANES);
  }

  /** Eight rows × two vectors: A's rows two groups {@code ag} apart; B's pixels {@code 2 * LANES} apart. */
  private static void eightByTwo(float[] a, int ai, int ag, float[] b, int bi, int len, float[] c, int ci, int ldc) {
    FloatVector acc0_0 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc0_1 = FloatVector.fromArray(SPECIES, c, ci + LANES);
    FloatVector acc1_0 = FloatVector.fromArray(SPECIES, c, ci + ldc);
    FloatVector acc1_1 = FloatVector.fromArray(SPECIES, c, ci + ldc + LANES);
    FloatVector acc2_0 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc);
    FloatVector acc2_1 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + LANES);
    FloatVector acc3_0 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc);
    FloatVector acc3_1 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + LANES);
    FloatVector acc4_0 = FloatVector.fromArray(SPECIES, c, ci + 4 * ldc);
    FloatVector acc4_1 = FloatVector.fromArray(SPECIES, c, ci + 4 * ldc + LANES);
    FloatVector acc5_0 = FloatVector.fromArray(SPECIES, c, ci + 5 * ldc);
    FloatVector acc5_1 = FloatVector.fromArray(SPECIES, c, ci + 5 * ldc + LANES);
    FloatVector acc6_0 = FloatVector.fromArray(SPECIES, c, ci + 6 * ldc);
    FloatVector acc6_1 = FloatVector.fromArray(SPECIES, c, ci + 6 * ldc + LANES);
    FloatVector acc7_0 = FloatVector.fromArray(SPECIES, c, ci + 7 * ldc);
    FloatVector acc7_1 = FloatVector.fromArray(SPECIES, c, ci + 7 * ldc + LANES);
    for (int p = 0; p < len; p++) {
      int ap = ai + p * GROUP;
      int bp = bi + p * (2 * LANES);
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
      acc0_0 = av.fma(b0, acc0_0);
      acc0_1 = av.fma(b1, acc0_1);
      av = FloatVector.broadcast(SPECIES, a[ap + 1]);
      acc1_0 = av.fma(b0, acc1_0);
      acc1_1 = av.fma(b1, acc1_1);
      av = FloatVector.broadcast(SPECIES, a[ap + 2]);
      acc2_0 = av.fma(b0, acc2_0);
      acc2_1 = av.fma(b1, acc2_1);
      av = FloatVector.broadcast(SPECIES, a[ap + 3]);
      acc3_0 = av.fma(b0, acc3_0);
      acc3_1 = av.fma(b1, acc3_1);
      av = FloatVector.broadcast(SPECIES, a[ap + ag]);
      acc4_0 = av.fma(b0, acc4_0);
      acc4_1 = av.fma(b1, acc4_1);
      av = FloatVector.broadcast(SPECIES, a[ap + ag + 1]);
      acc5_0 = av.fma(b0, acc5_0);
      acc5_1 = av.fma(b1, acc5_1);
      av = FloatVector.broadcast(SPECIES, a[ap + ag + 2]);
      acc6_0 = av.fma(b0, acc6_0);
      acc6_1 = av.fma(b1, acc6_1);
      av = FloatVector.broadcast(SPECIES, a[ap + ag + 3]);
      acc7_0 = av.fma(b0, acc7_0);
      acc7_1 = av.fma(b1, acc7_1);
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc1_0.intoArray(c, ci + ldc);
    acc1_1.intoArray(c, ci + ldc + LANES);
    acc2_0.intoArray(c, ci + 2 * ldc);
    acc2_1.intoArray(c, ci + 2 * ldc + LANES);
    acc3_0.intoArray(c, ci + 3 * ldc);
    acc3_1.intoArray(c, ci + 3 * ldc + LANES);
    acc4_0.intoArray(c, ci + 4 * ldc);
    acc4_1.intoArray(c, ci + 4 * ldc + LANES);
    acc5_0.intoArray(c, ci + 5 * ldc);
    acc5_1.intoArray(c, ci + 5 * ldc + LANES);
    acc6_0.intoArray(c, ci + 6 * ldc);
    acc6_1.intoArray(c, ci + 6 * ldc + LANES);
    acc7_0.intoArray(c, ci + 7 * ldc);
    acc7_1.intoArray(c, ci + 7 * ldc + LANES);
  }

  /** Sixteen rows × one vector: A's rows four groups {@code ag} apart; B's pixels {@code LANES} apart. */
  private static void sixteenByOne(float[] a, int ai, int ag, float[] b, int bi, int len, float[] c, int ci, int ldc) {
    FloatVector acc0_0 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc1_0 = FloatVector.fromArray(SPECIES, c, ci + ldc);
    FloatVector acc2_0 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc);
    FloatVector acc3_0 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc);
    FloatVector acc4_0 = FloatVector.fromArray(SPECIES, c, ci + 4 * ldc);
    FloatVector acc5_0 = FloatVector.fromArray(SPECIES, c, ci + 5 * ldc);
    FloatVector acc6_0 = FloatVector.fromArray(SPECIES, c, ci + 6 * ldc);
    FloatVector acc7_0 = FloatVector.fromArray(SPECIES, c, ci + 7 * ldc);
    FloatVector acc8_0 = FloatVector.fromArray(SPECIES, c, ci + 8 * ldc);
    FloatVector acc9_0 = FloatVector.fromArray(SPECIES, c, ci + 9 * ldc);
    FloatVector acc10_0 = FloatVector.fromArray(SPECIES, c, ci + 10 * ldc);
    FloatVector acc11_0 = FloatVector.fromArray(SPECIES, c, ci + 11 * ldc);
    FloatVector acc12_0 = FloatVector.fromArray(SPECIES, c, ci + 12 * ldc);
    FloatVector acc13_0 = FloatVector.fromArray(SPECIES, c, ci + 13 * ldc);
    FloatVector acc14_0 = FloatVector.fromArray(SPECIES, c, ci + 14 * ldc);
    FloatVector acc15_0 = FloatVector.fromArray(SPECIES, c, ci + 15 * ldc);
    for (int p = 0; p < len; p++) {
      int ap = ai + p * GROUP;
      int bp = bi + p * LANES;
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      acc0_0 = FloatVector.broadcast(SPECIES, a[ap]).fma(b0, acc0_0);
      acc1_0 = FloatVector.broadcast(SPECIES, a[ap + 1]).fma(b0, acc1_0);
      acc2_0 = FloatVector.broadcast(SPECIES, a[ap + 2]).fma(b0, acc2_0);
      acc3_0 = FloatVector.broadcast(SPECIES, a[ap + 3]).fma(b0, acc3_0);
      acc4_0 = FloatVector.broadcast(SPECIES, a[ap + ag]).fma(b0, acc4_0);
      acc5_0 = FloatVector.broadcast(SPECIES, a[ap + ag + 1]).fma(b0, acc5_0);
      acc6_0 = FloatVector.broadcast(SPECIES, a[ap + ag + 2]).fma(b0, acc6_0);
      acc7_0 = FloatVector.broadcast(SPECIES, a[ap + ag + 3]).fma(b0, acc7_0);
      acc8_0 = FloatVector.broadcast(SPECIES, a[ap + 2 * ag]).fma(b0, acc8_0);
      acc9_0 = FloatVector.broadcast(SPECIES, a[ap + 2 * ag + 1]).fma(b0, acc9_0);
      acc10_0 = FloatVector.broadcast(SPECIES, a[ap + 2 * ag + 2]).fma(b0, acc10_0);
      acc11_0 = FloatVector.broadcast(SPECIES, a[ap + 2 * ag + 3]).fma(b0, acc11_0);
      acc12_0 = FloatVector.broadcast(SPECIES, a[ap + 3 * ag]).fma(b0, acc12_0);
      acc13_0 = FloatVector.broadcast(SPECIES, a[ap + 3 * ag + 1]).fma(b0, acc13_0);
      acc14_0 = FloatVector.broadcast(SPECIES, a[ap + 3 * ag + 2]).fma(b0, acc14_0);
      acc15_0 = FloatVector.broadcast(SPECIES, a[ap + 3 * ag + 3]).fma(b0, acc15_0);
    }
    acc0_0.intoArray(c, ci);
    acc1_0.intoArray(c, ci + ldc);
    acc2_0.intoArray(c, ci + 2 * ldc);
    acc3_0.intoArray(c, ci + 3 * ldc);
    acc4_0.intoArray(c, ci + 4 * ldc);
    acc5_0.intoArray(c, ci + 5 * ldc);
    acc6_0.intoArray(c, ci + 6 * ldc);
    acc7_0.intoArray(c, ci + 7 * ldc);
    acc8_0.intoArray(c, ci + 8 * ldc);
    acc9_0.intoArray(c, ci + 9 * ldc);
    acc10_0.intoArray(c, ci + 10 * ldc);
    acc11_0.intoArray(c, ci + 11 * ldc);
    acc12_0.intoArray(c, ci + 12 * ldc);
    acc13_0.intoArray(c, ci + 13 * ldc);
    acc14_0.intoArray(c, ci + 14 * ldc);
    acc15_0.intoArray(c, ci + 15 * ldc);
  }
}
