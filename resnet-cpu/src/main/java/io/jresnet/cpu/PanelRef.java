package io.jresnet.cpu;

/**
 * The B operand of the GEMM, seen as column panels of {@link GemmMicroKernel#NR} columns: element {@code (k, j)} is
 * {@code data[offset + (j / NR) * panelStride + k * rowStride + j % NR]}. A plain row-major matrix is the special case
 * {@code panelStride = NR}; {@link GemmPacking packed} panels are contiguous, {@code rowStride = NR}.
 */
record PanelRef(float[] data, int offset, int panelStride, int rowStride) {
  /** A row-major {@code [depth, cols]} matrix read in place (e.g. unprepared HWIO conv or dense weights). */
  static PanelRef rowMajor(float[] data, int offset, int stride) {
    return new PanelRef(data, offset, GemmMicroKernel.NR, stride);
  }

  /** Panels written by {@link GemmPacking#pack} for a matrix with {@code depth} rows. */
  static PanelRef packed(float[] data, int offset, int depth) {
    return new PanelRef(data, offset, depth * GemmMicroKernel.NR, GemmMicroKernel.NR);
  }
}
