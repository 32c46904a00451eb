package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.NR;

import java.util.Arrays;

/**
 * Packs a row-major B matrix {@code [depth, cols]} into contiguous column panels of {@link GemmMicroKernel#NR}
 * columns, panel after panel, each {@code depth × NR} row-major with the last panel's missing columns zero. The
 * micro-kernel then streams one panel linearly instead of striding through the whole matrix.
 */
final class GemmPacking {
  private GemmPacking() {}

  /** Floats needed for the panels of a {@code [depth, cols]} matrix. */
  static int packedSize(int depth, int cols) {
    return Math.multiplyExact(panels(cols), Math.multiplyExact(depth, NR));
  }

  static int panels(int cols) {
    return (cols + NR - 1) / NR;
  }

  /** Writes the panels of {@code src} ({@code depth × cols}) to {@code dst} starting at {@code dstOffset}. */
  static void pack(MatrixRef src, int depth, int cols, float[] dst, int dstOffset) {
    float[] s = src.data();
    int panelSize = depth * NR;
    for (int p = 0; p * NR < cols; p++) {
      int width = Math.min(NR, cols - p * NR);
      int out = dstOffset + p * panelSize;
      int in = src.offset() + p * NR;
      for (int k = 0; k < depth; k++, out += NR, in += src.stride()) {
        System.arraycopy(s, in, dst, out, width);
        if (width < NR) {
          Arrays.fill(dst, out + width, out + NR, 0f);
        }
      }
    }
  }
}
