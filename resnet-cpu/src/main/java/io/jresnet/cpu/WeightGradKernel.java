package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked kernels of the weight gradient, {@code C[rows, cols] += Aᵀ · B} where the reduction runs over
 * pixels: {@code C[r, c] += sum over p < len of a[ai + p * lda + r] * b[bi + p * ldb + c]}. A holds one pixel's
 * receptive field per row (im2col rows, or the NHWC input of a 1×1 conv read in place), B the output gradient
 * {@code dy} (one pixel per row, output channels contiguous), C a block of the HWIO weight gradient seen as
 * {@code [kh*kw*cin, cout]}. Every operand is read in place: nothing is transposed; A is broadcast one scalar at a
 * time, B and C are read as whole vectors along the output channels.
 *
 * <p>Each tile keeps 16 accumulators in plain locals (C2 only keeps those in registers): 4 rows × 4 vectors, 8 × 2 or
 * 16 × 1, so that 16-channel and 32-channel outputs fill whole tiles too. {@link #accumulate} cuts a block into such
 * tiles and sends what is left (rows below a tile, columns below a vector) through a masked one-row path.
 */
final class WeightGradKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Rows of A (pixels) per pass over a tile: a {@code PASS_PIXELS × 4}-vector block of B (16 KiB) stays in L1. */
  static final int PASS_PIXELS = 64;
  /** Rows of C per block: their slice of A ({@code PASS_PIXELS × ROW_BLOCK}) stays in L2 across the column tiles. */
  static final int ROW_BLOCK = 256;
  /**
   * Row stride of a copied slice of A: not a multiple of 1 KiB, so that the pixels of a pass spread over the L1
   * cache sets.
   */
  private static final int COPY_STRIDE = ROW_BLOCK + LANES;
  /** Floats of the buffer {@link #accumulate} may copy A into. */
  static final int COPY_FLOATS = PASS_PIXELS * COPY_STRIDE;

  private WeightGradKernel() {}

  /**
   * {@code C[r, c] += sum over p < len of A[p, r] * B[p, c]} for {@code r} in {@code [r0, r1)} and {@code c} in
   * {@code [0, cols)}. A's element {@code (p, r)} is {@code a[ai + p * lda + r]}, B's {@code (p, c)} is
   * {@code b[bi + p * ldb + c]}, C's {@code (r, c)} is {@code c[ci + r * ldc + c]}.
   *
   * <p>When A's rows lie a multiple of 1 KiB apart (1×1 convs over 256, 512, ... channels), the pixels of a pass
   * would all map to a few L1 sets and evict each other while every row tile reads them: each slice of A is then
   * first copied into {@code copy} ({@link #COPY_FLOATS}) at a stride that spreads them.
   */
  static void accumulate(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, int r0, int r1, int cols,
      float[] c, int ci, int ldc, float[] copy) {
    boolean aliased = lda % 256 == 0;
    for (int p0 = 0; p0 < len; p0 += PASS_PIXELS) {
      int pLen = Math.min(PASS_PIXELS, len - p0);
      int ap = ai + p0 * lda;
      int bp = bi + p0 * ldb;
      for (int k0 = r0; k0 < r1; k0 += ROW_BLOCK) {
        int k1 = Math.min(r1, k0 + ROW_BLOCK);
        if (aliased) {
          for (int p = 0; p < pLen; p++) {
            System.arraycopy(a, ap + p * lda + k0, copy, p * COPY_STRIDE, k1 - k0);
          }
          block(copy, -k0, COPY_STRIDE, b, bp, ldb, pLen, k0, k1, cols, c, ci, ldc);
        } else {
          block(a, ap, lda, b, bp, ldb, pLen, k0, k1, cols, c, ci, ldc);
        }
      }
    }
  }

  private static void block(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, int r0, int r1, int cols,
      float[] c, int ci, int ldc) {
    int col = 0;
    while (cols - col >= LANES) {
      int vectors = cols - col >= 4 * LANES ? 4 : cols - col >= 2 * LANES ? 2 : 1;
      int tileRows = 16 / vectors;
      int r = r0;
      for (; r + tileRows <= r1; r += tileRows) {
        int cr = ci + r * ldc + col;
        int ar = ai + r;
        int bc = bi + col;
        if (vectors == 4) {
          fourByFour(a, ar, lda, b, bc, ldb, len, c, cr, ldc);
        } else if (vectors == 2) {
          eightByTwo(a, ar, lda, b, bc, ldb, len, c, cr, ldc);
        } else {
          sixteenByOne(a, ar, lda, b, bc, ldb, len, c, cr, ldc);
        }
      }
      for (; r < r1; r++) {
        oneRow(a, ai + r, lda, b, bi + col, ldb, len, vectors * LANES, c, ci + r * ldc + col);
      }
      col += vectors * LANES;
    }
    if (col < cols) {
      for (int r = r0; r < r1; r++) {
        oneRow(a, ai + r, lda, b, bi + col, ldb, len, cols - col, c, ci + r * ldc + col);
      }
    }
  }

  /**
   * One row of C, {@code width} columns, a vector at a time (the last one masked). Four accumulators take the pixels
   * in turn, so that the FMA latency is not one long chain; they are added in a fixed order.
   */
  static void oneRow(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, int width, float[] c, int ci) {
    for (int v = 0; v < width; v += LANES) {
      VectorMask<Float> m = SPECIES.indexInRange(v, width);
      FloatVector acc0 = FloatVector.fromArray(SPECIES, c, ci + v, m);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = acc1;
      FloatVector acc3 = acc1;
      int p = 0;
      int ap = ai;
      int bp = bi + v;
      for (; p + 4 <= len; p += 4, ap += 4 * lda, bp += 4 * ldb) {
        acc0 = FloatVector.broadcast(SPECIES, a[ap]).fma(FloatVector.fromArray(SPECIES, b, bp, m), acc0);
        acc1 = FloatVector.broadcast(SPECIES, a[ap + lda]).fma(FloatVector.fromArray(SPECIES, b, bp + ldb, m), acc1);
        acc2 = FloatVector.broadcast(SPECIES, a[ap + 2 * lda])
            .fma(FloatVector.fromArray(SPECIES, b, bp + 2 * ldb, m), acc2);
        acc3 = FloatVector.broadcast(SPECIES, a[ap + 3 * lda])
            .fma(FloatVector.fromArray(SPECIES, b, bp + 3 * ldb, m), acc3);
      }
      for (; p < len; p++, ap += lda, bp += ldb) {
        acc0 = FloatVector.broadcast(SPECIES, a[ap]).fma(FloatVector.fromArray(SPECIES, b, bp, m), acc0);
      }
      acc0.add(acc1).add(acc2.add(acc3)).intoArray(c, ci + v, m);
    }
  }

  /** Four rows × four vectors. */
  static void fourByFour(float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, float[] c, int ci, int ldc) {
    int c1 = ci + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, c, ci + LANES);
    FloatVector acc02 = FloatVector.fromArray(SPECIES, c, ci + 2 * LANES);
    FloatVector acc03 = FloatVector.fromArray(SPECIES, c, ci + 3 * LANES);
    FloatVector acc10 = FloatVector.fromArray(SPECIES, c, c1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
    FloatVector acc12 = FloatVector.fromArray(SPECIES, c, c1 + 2 * LANES);
    FloatVector acc13 = FloatVector.fromArray(SPECIES, c, c1 + 3 * LANES);
    FloatVector acc20 = FloatVector.fromArray(SPECIES, c, c2);
    FloatVector acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
    FloatVector acc22 = FloatVector.fromArray(SPECIES, c, c2 + 2 * LANES);
    FloatVector acc23 = FloatVector.fromArray(SPECIES, c, c2 + 3 * LANES);
    FloatVector acc30 = FloatVector.fromArray(SPECIES, c, c3);
    FloatVector acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
    FloatVector acc32 = FloatVector.fromArray(SPECIES, c, c3 + 2 * LANES);
    FloatVector acc33 = FloatVector.fromArray(SPECIES, c, c3 + 3 * LANES);
    for (int p = 0, ap = ai, bp = bi; p < len; p++, ap += lda, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
      acc00 = av.fma(b0, acc00);
      acc01 = av.fma(b1, acc01);
      acc02 = av.fma(b2, acc02);
      acc03 = av.fma(b3, acc03);
      av = FloatVector.broadcast(SPECIES, a[ap + 1]);
      acc10 = av.fma(b0, acc10);
      acc11 = av.fma(b1, acc11);
      acc12 = av.fma(b2, acc12);
      acc13 = av.fma(b3, acc13);
      av = FloatVector.broadcast(SPECIES, a[ap + 2]);
      acc20 = av.fma(b0, acc20);
      acc21 = av.fma(b1, acc21);
      acc22 = av.fma(b2, acc22);
      acc23 = av.fma(b3, acc23);
      av = FloatVector.broadcast(SPECIES, a[ap + 3]);
      acc30 = av.fma(b0, acc30);
      acc31 = av.fma(b1, acc31);
      acc32 = av.fma(b2, acc32);
      acc33 = av.fma(b3, acc33);
    }
    acc00.intoArray(c, ci);
    acc01.intoArray(c, ci + LANES);
    acc02.intoArray(c, ci + 2 * LANES);
    acc03.intoArray(c, ci + 3 * LANES);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + LANES);
    acc12.intoArray(c, c1 + 2 * LANES);
    acc13.intoArray(c, c1 + 3 * LANES);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + LANES);
    acc22.intoArray(c, c2 + 2 * LANES);
    acc23.intoArray(c, c2 + 3 * LANES);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + LANES);
    acc32.intoArray(c, c3 + 2 * LANES);
    acc33.intoArray(c, c3 + 3 * LANES);
  }

  /** Eight rows × two vectors (32-channel outputs). */
  static void eightByTwo(float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, float[] c, int ci, int ldc) {
    int c1 = ci + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, c, ci + LANES);
    FloatVector acc10 = FloatVector.fromArray(SPECIES, c, c1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, c, c1 + LANES);
    FloatVector acc20 = FloatVector.fromArray(SPECIES, c, c2);
    FloatVector acc21 = FloatVector.fromArray(SPECIES, c, c2 + LANES);
    FloatVector acc30 = FloatVector.fromArray(SPECIES, c, c3);
    FloatVector acc31 = FloatVector.fromArray(SPECIES, c, c3 + LANES);
    FloatVector acc40 = FloatVector.fromArray(SPECIES, c, c4);
    FloatVector acc41 = FloatVector.fromArray(SPECIES, c, c4 + LANES);
    FloatVector acc50 = FloatVector.fromArray(SPECIES, c, c5);
    FloatVector acc51 = FloatVector.fromArray(SPECIES, c, c5 + LANES);
    FloatVector acc60 = FloatVector.fromArray(SPECIES, c, c6);
    FloatVector acc61 = FloatVector.fromArray(SPECIES, c, c6 + LANES);
    FloatVector acc70 = FloatVector.fromArray(SPECIES, c, c7);
    FloatVector acc71 = FloatVector.fromArray(SPECIES, c, c7 + LANES);
    for (int p = 0, ap = ai, bp = bi; p < len; p++, ap += lda, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
      acc00 = av.fma(b0, acc00);
      acc01 = av.fma(b1, acc01);
      av = FloatVector.broadcast(SPECIES, a[ap + 1]);
      acc10 = av.fma(b0, acc10);
      acc11 = av.fma(b1, acc11);
      av = FloatVector.broadcast(SPECIES, a[ap + 2]);
      acc20 = av.fma(b0, acc20);
      acc21 = av.fma(b1, acc21);
      av = FloatVector.broadcast(SPECIES, a[ap + 3]);
      acc30 = av.fma(b0, acc30);
      acc31 = av.fma(b1, acc31);
      av = FloatVector.broadcast(SPECIES, a[ap + 4]);
      acc40 = av.fma(b0, acc40);
      acc41 = av.fma(b1, acc41);
      av = FloatVector.broadcast(SPECIES, a[ap + 5]);
      acc50 = av.fma(b0, acc50);
      acc51 = av.fma(b1, acc51);
      av = FloatVector.broadcast(SPECIES, a[ap + 6]);
      acc60 = av.fma(b0, acc60);
      acc61 = av.fma(b1, acc61);
      av = FloatVector.broadcast(SPECIES, a[ap + 7]);
      acc70 = av.fma(b0, acc70);
      acc71 = av.fma(b1, acc71);
    }
    acc00.intoArray(c, ci);
    acc01.intoArray(c, ci + LANES);
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
  }

  /** Sixteen rows × one vector (16-channel outputs). */
  static void sixteenByOne(
      float[] a, int ai, int lda, float[] b, int bi, int ldb, int len, float[] c, int ci, int ldc) {
    FloatVector acc0 = FloatVector.fromArray(SPECIES, c, ci);
    FloatVector acc1 = FloatVector.fromArray(SPECIES, c, ci + ldc);
    FloatVector acc2 = FloatVector.fromArray(SPECIES, c, ci + 2 * ldc);
    FloatVector acc3 = FloatVector.fromArray(SPECIES, c, ci + 3 * ldc);
    FloatVector acc4 = FloatVector.fromArray(SPECIES, c, ci + 4 * ldc);
    FloatVector acc5 = FloatVector.fromArray(SPECIES, c, ci + 5 * ldc);
    FloatVector acc6 = FloatVector.fromArray(SPECIES, c, ci + 6 * ldc);
    FloatVector acc7 = FloatVector.fromArray(SPECIES, c, ci + 7 * ldc);
    FloatVector acc8 = FloatVector.fromArray(SPECIES, c, ci + 8 * ldc);
    FloatVector acc9 = FloatVector.fromArray(SPECIES, c, ci + 9 * ldc);
    FloatVector acc10 = FloatVector.fromArray(SPECIES, c, ci + 10 * ldc);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, c, ci + 11 * ldc);
    FloatVector acc12 = FloatVector.fromArray(SPECIES, c, ci + 12 * ldc);
    FloatVector acc13 = FloatVector.fromArray(SPECIES, c, ci + 13 * ldc);
    FloatVector acc14 = FloatVector.fromArray(SPECIES, c, ci + 14 * ldc);
    FloatVector acc15 = FloatVector.fromArray(SPECIES, c, ci + 15 * ldc);
    for (int p = 0, ap = ai, bp = bi; p < len; p++, ap += lda, bp += ldb) {
      FloatVector bv = FloatVector.fromArray(SPECIES, b, bp);
      acc0 = FloatVector.broadcast(SPECIES, a[ap]).fma(bv, acc0);
      acc1 = FloatVector.broadcast(SPECIES, a[ap + 1]).fma(bv, acc1);
      acc2 = FloatVector.broadcast(SPECIES, a[ap + 2]).fma(bv, acc2);
      acc3 = FloatVector.broadcast(SPECIES, a[ap + 3]).fma(bv, acc3);
      acc4 = FloatVector.broadcast(SPECIES, a[ap + 4]).fma(bv, acc4);
      acc5 = FloatVector.broadcast(SPECIES, a[ap + 5]).fma(bv, acc5);
      acc6 = FloatVector.broadcast(SPECIES, a[ap + 6]).fma(bv, acc6);
      acc7 = FloatVector.broadcast(SPECIES, a[ap + 7]).fma(bv, acc7);
      acc8 = FloatVector.broadcast(SPECIES, a[ap + 8]).fma(bv, acc8);
      acc9 = FloatVector.broadcast(SPECIES, a[ap + 9]).fma(bv, acc9);
      acc10 = FloatVector.broadcast(SPECIES, a[ap + 10]).fma(bv, acc10);
      acc11 = FloatVector.broadcast(SPECIES, a[ap + 11]).fma(bv, acc11);
      acc12 = FloatVector.broadcast(SPECIES, a[ap + 12]).fma(bv, acc12);
      acc13 = FloatVector.broadcast(SPECIES, a[ap + 13]).fma(bv, acc13);
      acc14 = FloatVector.broadcast(SPECIES, a[ap + 14]).fma(bv, acc14);
      acc15 = FloatVector.broadcast(SPECIES, a[ap + 15]).fma(bv, acc15);
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + ldc);
    acc2.intoArray(c, ci + 2 * ldc);
    acc3.intoArray(c, ci + 3 * ldc);
    acc4.intoArray(c, ci + 4 * ldc);
    acc5.intoArray(c, ci + 5 * ldc);
    acc6.intoArray(c, ci + 6 * ldc);
    acc7.intoArray(c, ci + 7 * ldc);
    acc8.intoArray(c, ci + 8 * ldc);
    acc9.intoArray(c, ci + 9 * ldc);
    acc10.intoArray(c, ci + 10 * ldc);
    acc11.intoArray(c, ci + 11 * ldc);
    acc12.intoArray(c, ci + 12 * ldc);
    acc13.intoArray(c, ci + 13 * ldc);
    acc14.intoArray(c, ci + 14 * ldc);
    acc15.intoArray(c, ci + 15 * ldc);
  }
}
