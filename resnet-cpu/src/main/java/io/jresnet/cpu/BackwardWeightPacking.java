package io.jresnet.cpu;

import static io.jresnet.cpu.CpuGemm.KC;
import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.NR;
import static io.jresnet.cpu.GemmMicroKernel.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Packs, from HWIO conv weights {@code [kh, kw, cin/g, cout]}, the B matrices of the input-gradient GEMMs in the
 * layout of {@link GemmPacking} (one matrix per group, {@link #groupStride} floats apart). In both, the columns of
 * a packed row lie {@code cout} apart in the HWIO data: each vector of the row is one gather and one store, instead
 * of a scalar transpose.
 *
 * <ul>
 *   <li>{@link Layout#FLIPPED}: {@code B[(i', j', co), ci] = W[kh-1-i', kw-1-j', ci, co]}, the weights of the
 *       stride-1 conv of {@code dy} whose output is {@code dx} ({@code [kh*kw*cout/g, cin/g]}).
 *   <li>{@link Layout#TRANSPOSED}: {@code B[co, (i, j, ci)] = W[i, j, ci, co]}, i.e. {@code Wgᵀ}
 *       ({@code [cout/g, kh*kw*cin/g]}), for the dCols GEMM in front of a col2im.
 * </ul>
 */
final class BackwardWeightPacking {
  /** Which B matrix to pack. */
  enum Layout {
    FLIPPED,
    TRANSPOSED
  }

  private BackwardWeightPacking() {}

  /** Rows of each group's B. */
  static int depth(ConvGeometry g, Layout layout) {
    int taps = g.params().kernelH() * g.params().kernelW();
    return layout == Layout.FLIPPED ? taps * g.outputsPerGroup() : g.outputsPerGroup();
  }

  /** Columns of each group's B. */
  static int cols(ConvGeometry g, Layout layout) {
    int taps = g.params().kernelH() * g.params().kernelW();
    return layout == Layout.FLIPPED ? g.inputsPerGroup() : taps * g.inputsPerGroup();
  }

  static int groupStride(ConvGeometry g, Layout layout) {
    return GemmPacking.packedSize(depth(g, layout), cols(g, layout));
  }

  /** Packs every group into {@code dst} (at least {@code groups * groupStride} floats), panels spread over the pool. */
  static void pack(CpuComputePool pool, float[] w, ConvGeometry g, Layout layout, float[] dst) {
    int depth = depth(g, layout);
    int cols = cols(g, layout);
    int panels = GemmPacking.panels(cols);
    int stride = groupStride(g, layout);
    int cout = g.cout();
    int[] columnOffsets = new int[LANES];
    for (int j = 0; j < LANES; j++) {
      columnOffsets[j] = j * cout;
    }
    pool.parallelFor(g.groups() * panels, (task, participant) -> {
      int group = task / panels;
      int panel = task % panels;
      PanelRef layoutRef = PanelRef.packed(dst, group * stride, cols);
      for (int k0 = 0; k0 < depth; k0 += KC) {
        int kLen = Math.min(KC, depth - k0);
        int out = layoutRef.start(k0, kLen, panel);
        for (int k = k0; k < k0 + kLen; k++, out += NR) {
          int rowBase = rowBase(g, layout, group, k);
          for (int j = 0; j < NR; j += LANES) {
            int n = panel * NR + j;
            if (n + LANES <= cols) {
              FloatVector.fromArray(SPECIES, w, rowBase + n * cout, columnOffsets, 0).intoArray(dst, out + j);
            } else {
              partialColumns(w, rowBase, cout, n, cols, dst, out + j);
            }
          }
        }
      }
    });
  }

  /** The HWIO index of packed element {@code (k, 0)} of {@code group}; column {@code n} lies {@code n * cout} on. */
  private static int rowBase(ConvGeometry g, Layout layout, int group, int k) {
    int coutG = g.outputsPerGroup();
    if (layout == Layout.TRANSPOSED) {
      return group * coutG + k;
    }
    int taps = g.params().kernelH() * g.params().kernelW();
    int flippedTap = k / coutG;
    int co = k - flippedTap * coutG;
    return (taps - 1 - flippedTap) * g.inputsPerGroup() * g.cout() + group * coutG + co;
  }

  /** Columns {@code [n, n + LANES)} of a packed row where fewer than a vector's worth remain: zeros past the end. */
  private static void partialColumns(float[] w, int rowBase, int cout, int n, int cols, float[] dst, int out) {
    for (int j = 0; j < LANES; j++) {
      dst[out + j] = n + j < cols ? w[rowBase + (n + j) * cout] : 0f;
    }
  }
}
