package io.jresnet.cpu;

import static io.jresnet.cpu.CpuGemm.KC;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import java.util.Arrays;

/**
 * Packs a row-major B matrix {@code [depth, cols]} in the order {@link CpuGemm#multiplyTile} reads it: blocks of
 * {@link CpuGemm#KC} rows one after another; within a block, the column panels of {@link GemmMicroKernel#NR} columns
 * one after another, each {@code kLen × NR} row-major, with the last panel's missing columns zero. A tile then walks
 * its weights front to back, which lets the hardware prefetchers stream them from memory.
 */
final class GemmPacking {
  private GemmPacking() {}

  /** Floats needed for the packed form of a {@code [depth, cols]} matrix. */
  static int packedSize(int depth, int cols) {
    return Math.multiplyExact(panels(cols), Math.multiplyExact(depth, NR));
  }

  static int panels(int cols) {
    return (cols + NR - 1) / NR;
  }

  /** Writes the packed form of {@code src} ({@code depth × cols}) to {@code dst} starting at {@code dstOffset}. */
  static void pack(MatrixRef src, int depth, int cols, float[] dst, int dstOffset) {
    packRows(src, 0, depth, depth, cols, dst, dstOffset);
  }

  /**
   * Writes rows {@code [firstRow, firstRow + rows)} of the packed form of a {@code depth × cols} matrix, taken from
   * {@code src} (whose row 0 is row {@code firstRow}), so that a large matrix can be packed from a few rows at a time.
   */
  static void packRows(MatrixRef src, int firstRow, int rows, int depth, int cols, float[] dst, int dstOffset) {
    float[] s = src.data();
    PanelRef layout = PanelRef.packed(dst, dstOffset, cols);
    for (int k = firstRow; k < firstRow + rows; ) {
      int k0 = k / KC * KC;
      int kLen = Math.min(KC, depth - k0);
      int kEnd = Math.min(k0 + kLen, firstRow + rows);
      for (int p = 0; p * NR < cols; p++) {
        int width = Math.min(NR, cols - p * NR);
        int out = layout.start(k0, kLen, p) + (k - k0) * NR;
        int in = src.offset() + (k - firstRow) * src.stride() + p * NR;
        for (int r = k; r < kEnd; r++, out += NR, in += src.stride()) {
          System.arraycopy(s, in, dst, out, width);
          if (width < NR) {
            Arrays.fill(dst, out + width, out + NR, 0f);
          }
        }
      }
      k = kEnd;
    }
  }

  /** The inverse of {@link #pack}: writes the {@code depth × cols} matrix packed at {@code srcOffset} to {@code dst}. */
  static void unpack(float[] src, int srcOffset, int depth, int cols, MatrixRef dst) {
    unpackRows(src, srcOffset, depth, cols, 0, depth, dst);
  }

  /**
   * Rows {@code [firstRow, firstRow + rows)} of the {@code depth × cols} matrix packed at {@code srcOffset}, written
   * to {@code dst} (whose row 0 is row {@code firstRow}): a few rows of a large matrix without unpacking all of it.
   */
  static void unpackRows(float[] src, int srcOffset, int depth, int cols, int firstRow, int rows, MatrixRef dst) {
    float[] d = dst.data();
    PanelRef layout = PanelRef.packed(src, srcOffset, cols);
    for (int k = firstRow; k < firstRow + rows; ) {
      int k0 = k / KC * KC;
      int kLen = Math.min(KC, depth - k0);
      int kEnd = Math.min(k0 + kLen, firstRow + rows);
      for (int p = 0; p * NR < cols; p++) {
        int width = Math.min(NR, cols - p * NR);
        int in = layout.start(k0, kLen, p) + (k - k0) * NR;
        int out = dst.offset() + (k - firstRow) * dst.stride() + p * NR;
        for (int r = k; r < kEnd; r++, in += NR, out += dst.stride()) {
          System.arraycopy(src, in, d, out, width);
        }
      }
      k = kEnd;
    }
  }

  /**
   * Writes column panels {@code [firstPanel, endPanel)} of the packed form of the TRANSPOSE of {@code src}: the
   * packed matrix is {@code B[k, j] = src[j, k]} ({@code depth × cols}), {@code src} being {@code cols × depth}
   * row-major. The backward passes multiply by {@code Wᵀ} this way without a transposed micro-kernel. Reads run
   * along rows of {@code src}; writes stay inside one {@code kLen × NR} block, which sits in L1.
   */
  static void packTransposed(
      MatrixRef src, int depth, int cols, float[] dst, int dstOffset, int firstPanel, int endPanel) {
    float[] s = src.data();
    PanelRef layout = PanelRef.packed(dst, dstOffset, cols);
    for (int k0 = 0; k0 < depth; k0 += KC) {
      int kLen = Math.min(KC, depth - k0);
      for (int p = firstPanel; p < endPanel; p++) {
        int width = Math.min(NR, cols - p * NR);
        int out = layout.start(k0, kLen, p);
        if (width < NR) {
          Arrays.fill(dst, out, out + kLen * NR, 0f);
        }
        for (int j = 0; j < width; j++) {
          int in = src.offset() + (p * NR + j) * src.stride() + k0;
          for (int k = 0, o = out + j; k < kLen; k++, o += NR) {
            dst[o] = s[in + k];
          }
        }
      }
    }
  }
}
