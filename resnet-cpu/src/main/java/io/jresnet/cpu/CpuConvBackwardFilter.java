package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import java.util.Arrays;

/**
 * The weight gradient of an NHWC convolution as a GEMM per group whose reduction runs over every output pixel of
 * the batch: {@code dWgᵀ[cout/g, depth] = dyᵀ[cout/g, pixels] · cols[pixels, depth]}. Computing the transpose puts
 * the wide dimension (the depth {@code kh*kw*cin/g}) in the micro-kernel's columns and lets the im2col rows
 * ({@link Im2col}, or the NHWC input itself for 1×1 stride-1 convs) serve as B in place; only the thin {@code dy}
 * chunk is transposed.
 *
 * <p>The pixels are cut into chunks of {@link #CHUNK_ROWS}; when there are too few chunks to keep every thread busy
 * (small late-stage feature maps), the depth columns are split too. Each thread adds its tasks into its own partial
 * {@code [cout, depth]}; the partials are summed and transposed into HWIO at the end.
 */
final class CpuConvBackwardFilter {
  /** Pixels per task: long enough that adding into the partial result costs little against the multiply. */
  static final int CHUNK_ROWS = 512;

  private final CpuComputePool pool;
  /** Per participant: the im2col chunk, the transposed dy chunk and the partial result, grown on demand. */
  private final float[][] cols;
  private final float[][] dyT;
  private final float[][] partials;

  CpuConvBackwardFilter(CpuComputePool pool) {
    this.pool = pool;
    this.cols = new float[pool.threads()][];
    this.dyT = new float[pool.threads()][];
    this.partials = new float[pool.threads()][];
  }

  /** Writes {@code dw} (HWIO). Synchronised: the partials live across two parallel regions. */
  synchronized void run(float[] x, float[] dy, ConvGeometry g, float[] dw) {
    if (CpuConv2d.isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      CpuDepthwiseConvBackward.filter(pool, x, dy, g, dw);
      return;
    }
    int depth = g.depth();
    int rows = g.rows();
    int coutG = g.outputsPerGroup();
    int chunks = GemmTiling.ceilDiv(rows, CHUNK_ROWS);
    int panels = GemmPacking.panels(depth);
    int colBlocks = 1;
    int wanted = 2 * pool.threads();
    if (pool.threads() > 1 && g.groups() * chunks < wanted) {
      colBlocks = Math.max(1, Math.min(panels / 2, GemmTiling.ceilDiv(wanted, g.groups() * chunks)));
    }
    int partialSize = g.cout() * depth;
    boolean[] used = new boolean[pool.threads()];
    boolean inPlace = g.inputIsGemmRows();
    int ld = CpuConv2d.im2colStride(depth);
    int ldT = CHUNK_ROWS + LANES; // off a multiple of 4 KiB, so the transposed rows do not alias in the cache
    int blocks = colBlocks;
    pool.parallelFor(g.groups() * chunks * blocks, (task, participant) -> {
      int group = task / (chunks * blocks);
      int chunk = (task / blocks) % chunks;
      int block = task % blocks;
      int r0 = chunk * CHUNK_ROWS;
      int r1 = Math.min(rows, r0 + CHUNK_ROWS);
      int c0 = (int) ((long) block * panels / blocks) * NR;
      int c1 = Math.min(depth, (int) ((long) (block + 1) * panels / blocks) * NR);
      float[] partial = partials[participant];
      if (partial == null || partial.length < partialSize) {
        partial = new float[partialSize];
        partials[participant] = partial;
      }
      if (!used[participant]) {
        used[participant] = true;
        Arrays.fill(partial, 0, partialSize, 0f);
      }
      PanelRef b;
      if (inPlace) {
        b = PanelRef.rowMajor(x, r0 * g.cin() + group * g.inputsPerGroup(), g.cin());
      } else {
        float[] buffer = buffer(cols, participant, CHUNK_ROWS * ld);
        Im2col.fill(x, g, group, r0, r1, buffer, ld);
        b = PanelRef.rowMajor(buffer, 0, ld);
      }
      float[] a = buffer(dyT, participant, coutG * ldT);
      transposeChunk(dy, r0, r1, g.cout(), group * coutG, coutG, a, ldT);
      MatrixRef c = new MatrixRef(partial, group * coutG * depth + c0, depth);
      CpuGemm.accumulateTile(new MatrixRef(a, 0, ldT), b, c0 / NR, c, coutG, c1 - c0, r1 - r0);
    });
    reduceTransposed(used, partialSize, g.cout(), depth, dw);
  }

  /** {@code dst[co, r - r0] = dy[r, channel0 + co]}, the rows of a chunk as columns. */
  private static void transposeChunk(
      float[] dy, int r0, int r1, int cout, int channel0, int channels, float[] dst, int ld) {
    for (int r = r0; r < r1; r++) {
      int src = r * cout + channel0;
      int col = r - r0;
      for (int co = 0; co < channels; co++) {
        dst[co * ld + col] = dy[src + co];
      }
    }
  }

  /** {@code dw[d, co] = sum over used partials of partial[co, d]}: summed into the first in place, then transposed. */
  private void reduceTransposed(boolean[] used, int size, int cout, int depth, float[] dw) {
    float[] sum = null;
    for (int p = 0; p < used.length; p++) {
      if (!used[p]) {
        continue;
      }
      if (sum == null) {
        sum = partials[p];
        continue;
      }
      float[] other = partials[p];
      float[] target = sum;
      pool.parallelRange(size, 1 << 15, (from, to, participant) ->
          VectorLoops.addInto(other, from, target, from, to - from));
    }
    if (sum == null) {
      Arrays.fill(dw, 0f);
      return;
    }
    float[] total = sum;
    // Blocks of 16 × 16 keep both the reads and the writes of the transpose within a few cache lines.
    int tile = 16;
    pool.parallelRange(GemmTiling.ceilDiv(depth, tile), 1, (from, to, participant) -> {
      for (int d0 = from * tile; d0 < Math.min(depth, to * tile); d0 += tile) {
        int d1 = Math.min(depth, d0 + tile);
        for (int co0 = 0; co0 < cout; co0 += tile) {
          int co1 = Math.min(cout, co0 + tile);
          for (int d = d0; d < d1; d++) {
            for (int co = co0; co < co1; co++) {
              dw[d * cout + co] = total[co * depth + d];
            }
          }
        }
      }
    });
  }

  private static float[] buffer(float[][] buffers, int participant, int size) {
    float[] buffer = buffers[participant];
    if (buffer == null || buffer.length < size) {
      buffer = new float[size];
      buffers[participant] = buffer;
    }
    return buffer;
  }
}
