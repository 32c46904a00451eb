package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import java.util.Arrays;

/** The backward filter as of 2e8bfef, kept only as the A/B baseline of {@link ConvBackwardBenchmark}.
 *
 * The weight gradient of an NHWC convolution as a GEMM per group whose reduction runs over every output pixel of
 * the batch: {@code dWgᵀ[cout/g, depth] = dyᵀ[cout/g, pixels] · cols[pixels, depth]}. Computing the transpose puts
 * the wide dimension (the depth {@code kh*kw*cin/g}) in the micro-kernel's columns and lets the im2col rows
 * ({@link Im2col}, or the NHWC input itself for 1×1 stride-1 convs) serve as B in place; only the thin {@code dy}
 * chunk is transposed.
 *
 * <p>The pixels are cut into chunks of {@link #CHUNK_ROWS}, and the chunks into at most {@link #SLOTS_PER_THREAD}
 * {@code × threads} contiguous slots; when there are too few slots to keep every thread busy (small late-stage
 * feature maps), the depth columns are split too. A task sums its slot's chunks in order into the slot's own partial
 * {@code [cout, depth]}, and the partials are added in slot order, then transposed into HWIO: the result depends on
 * the thread count but never on which thread ran which task.
 */
final class BaselineConvBackwardFilter {
  /** Pixels per chunk: long enough that adding into the partial result costs little against the multiply. */
  static final int CHUNK_ROWS = 512;
  /**
   * Partial results per thread: a few tasks per thread let a thread that other processes slow down take fewer of
   * them, while each partial costs one more pass in the final sum.
   */
  static final int SLOTS_PER_THREAD = 4;
  /** Floats per task of the final sum: small enough that the slice being summed stays in L1. */
  private static final int SUM_GRAIN = 1 << 12;

  private final CpuComputePool pool;
  /** Per participant: the im2col chunk and the transposed dy chunk, grown on demand. */
  private final float[][] cols;
  private final float[][] dyT;
  /** Per slot: its partial result, grown on demand. */
  private float[][] partials = new float[0][];

  BaselineConvBackwardFilter(CpuComputePool pool) {
    this.pool = pool;
    this.cols = new float[pool.threads()][];
    this.dyT = new float[pool.threads()][];
  }

  /** Writes {@code dw} (HWIO). Synchronised: the partials live across two parallel regions. */
  synchronized void run(float[] x, float[] dy, ConvGeometry g, float[] dw) {
    if (CpuConv2d.isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      CpuDepthwiseConvBackward.filter(pool, x, dy, g, dw);
      return;
    }
    int depth = g.depth();
    int rows = g.rows();
    if (rows == 0) {
      Arrays.fill(dw, 0f);
      return;
    }
    int coutG = g.outputsPerGroup();
    int chunks = GemmTiling.ceilDiv(rows, CHUNK_ROWS);
    int slots = Math.min(chunks, SLOTS_PER_THREAD * pool.threads());
    int panels = GemmPacking.panels(depth);
    int colBlocks = 1;
    int wanted = 2 * pool.threads();
    if (pool.threads() > 1 && g.groups() * slots < wanted) {
      colBlocks = Math.max(1, Math.min(panels / 2, GemmTiling.ceilDiv(wanted, g.groups() * slots)));
    }
    int partialSize = g.cout() * depth;
    float[][] slotPartials = partials(slots, partialSize);
    boolean inPlace = g.inputIsGemmRows();
    int ld = CpuConv2d.im2colStride(depth);
    int ldT = CHUNK_ROWS + LANES; // off a multiple of 4 KiB, so the transposed rows do not alias in the cache
    int blocks = colBlocks;
    pool.parallelFor(g.groups() * slots * blocks, (task, participant) -> {
      int group = task / (slots * blocks);
      int slot = (task / blocks) % slots;
      int block = task % blocks;
      int c0 = (int) ((long) block * panels / blocks) * NR;
      int c1 = Math.min(depth, (int) ((long) (block + 1) * panels / blocks) * NR);
      MatrixRef c = new MatrixRef(slotPartials[slot], group * coutG * depth + c0, depth);
      int firstChunk = (int) ((long) slot * chunks / slots);
      int endChunk = (int) ((long) (slot + 1) * chunks / slots);
      for (int chunk = firstChunk; chunk < endChunk; chunk++) {
        int r0 = chunk * CHUNK_ROWS;
        int r1 = Math.min(rows, r0 + CHUNK_ROWS);
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
        MatrixRef dyChunk = new MatrixRef(a, 0, ldT);
        // The slot's first chunk overwrites its part of the partial, so stale values never need clearing.
        if (chunk == firstChunk) {
          CpuGemm.multiplyTile(dyChunk, b, c0 / NR, c, coutG, c1 - c0, r1 - r0, 0, GemmEpilogue.NONE);
        } else {
          CpuGemm.accumulateTile(dyChunk, b, c0 / NR, c, coutG, c1 - c0, r1 - r0);
        }
      }
    });
    reduceTransposed(slotPartials, partialSize, g.cout(), depth, dw);
  }

  /** The first {@code slots} partial buffers, each of at least {@code size} floats. */
  private float[][] partials(int slots, int size) {
    if (partials.length < slots) {
      partials = Arrays.copyOf(partials, slots);
    }
    for (int s = 0; s < slots; s++) {
      if (partials[s] == null || partials[s].length < size) {
        partials[s] = new float[size];
      }
    }
    return Arrays.copyOf(partials, slots);
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

  /** {@code dw[d, co] = sum over the slots, in slot order, of partial[co, d]}: summed into the first, transposed. */
  private void reduceTransposed(float[][] slotPartials, int size, int cout, int depth, float[] dw) {
    float[] sum = slotPartials[0];
    if (slotPartials.length > 1) {
      pool.parallelRange(size, SUM_GRAIN, (from, to, participant) -> {
        for (int b0 = from; b0 < to; b0 += SUM_GRAIN) {
          int length = Math.min(SUM_GRAIN, to - b0);
          for (int s = 1; s < slotPartials.length; s++) {
            VectorLoops.addInto(slotPartials[s], b0, sum, b0, length);
          }
        }
      });
    }
    // Blocks of 16 × 16 keep both the reads and the writes of the transpose within a few cache lines.
    int tile = 16;
    pool.parallelRange(GemmTiling.ceilDiv(depth, tile), 1, (from, to, participant) -> {
      for (int d0 = from * tile; d0 < Math.min(depth, to * tile); d0 += tile) {
        int d1 = Math.min(depth, d0 + tile);
        for (int co0 = 0; co0 < cout; co0 += tile) {
          int co1 = Math.min(cout, co0 + tile);
          for (int d = d0; d < d1; d++) {
            for (int co = co0; co < co1; co++) {
              dw[d * cout + co] = sum[co * depth + d];
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
