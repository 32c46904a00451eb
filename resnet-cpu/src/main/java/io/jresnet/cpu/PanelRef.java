package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.NR;

/**
 * The B operand of the GEMM, read by the micro-kernels as {@code kLen × NR} blocks: the rows {@code [k0, k0 + kLen)}
 * of column panel {@code p} (columns {@code [p * NR, p * NR + NR)}) start at {@link #start} and lie
 * {@link #rowStride()} floats apart. Two layouts:
 *
 * <ul>
 *   <li>row-major {@code [depth, cols]} read in place (unprepared HWIO conv weights, dense weights);
 *   <li>{@link GemmPacking packed}: contiguous blocks in exactly the order the GEMM reads them, so weights stream
 *       from memory sequentially.
 * </ul>
 *
 * @param data the backing array
 * @param offset where the matrix starts
 * @param stride row stride of the row-major layout (unused when packed)
 * @param panels column panels of the matrix (packed layout)
 * @param packed which layout
 * @param streamed packed, and each block read by one task of a call, from memory: the GEMM reads such blocks ahead
 *     ({@link CpuGemm#pullIntoCache}) where few rows use them
 */
record PanelRef(float[] data, int offset, int stride, int panels, boolean packed, boolean streamed) {
  PanelRef {
    if (streamed && !packed) {
      throw new IllegalArgumentException("only packed panels are read ahead");
    }
  }

  /** A row-major {@code [depth, cols]} matrix with row stride {@code stride}. */
  static PanelRef rowMajor(float[] data, int offset, int stride) {
    return new PanelRef(data, offset, stride, 0, false, false);
  }

  /** The output of {@link GemmPacking#pack} for a matrix of {@code cols} columns, starting at {@code offset}. */
  static PanelRef packed(float[] data, int offset, int cols) {
    return new PanelRef(data, offset, NR, GemmPacking.panels(cols), true, false);
  }

  /**
   * The same matrix, marked {@link #streamed} when packed: for a call whose tiling gives every column panel to one
   * task, so that each block comes from memory once and no other task finds it in cache.
   */
  PanelRef streamedOnce() {
    return packed ? new PanelRef(data, offset, stride, panels, true, true) : this;
  }

  /**
   * The same matrix from row {@code k0} on, as a matrix of its own; packed, {@code k0} must be a multiple of
   * {@link CpuGemm#KC} (the blocks before it are then whole).
   */
  PanelRef fromRow(int k0) {
    if (packed && k0 % CpuGemm.KC != 0) {
      throw new IllegalArgumentException("packed panels split at row " + k0 + ", not a multiple of " + CpuGemm.KC);
    }
    return packed
        ? new PanelRef(data, offset + k0 * panels * NR, stride, panels, true, streamed)
        : new PanelRef(data, offset + k0 * stride, stride, 0, false, false);
  }

  /** Index of row {@code k0} of panel {@code panel}, in the depth block {@code [k0, k0 + kLen)}. */
  int start(int k0, int kLen, int panel) {
    return packed ? offset + (k0 * panels + panel * kLen) * NR : offset + k0 * stride + panel * NR;
  }

  int rowStride() {
    return packed ? NR : stride;
  }
}
