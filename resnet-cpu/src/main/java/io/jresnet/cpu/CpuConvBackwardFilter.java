package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;

/**
 * The weight gradient of an NHWC convolution, per group {@code dWg[kh*kw*cin/g, cout/g] = colsᵀ · dy}, a reduction
 * over every output pixel of the batch. The im2col rows ({@link Im2col}, or the NHWC input itself for 1×1 stride-1
 * convs) and {@code dy} are read in place by {@link WeightGradKernel}, or with many output channels packed per pass
 * by {@link PackedWeightGradKernel}; the register tiles of both sit on the HWIO gradient itself: it is never
 * transposed. Convs with few output channels skip im2col altogether: stride-1 ones through {@link #runsTapRows} (whole
 * window rows of a zero-bordered input copy per tile, into transposed partials), others through {@link #isImplicit}.
 *
 * <p>The pixels are cut into chunks of {@link #CHUNK_ROWS}, and the chunks into contiguous slots (at most
 * {@link #SLOTS_PER_THREAD} {@code × threads}, each at least {@link #MIN_SLOT_CHUNKS} chunks, so a partial result
 * costs little against the products summed into it); when there are too few slots to keep every thread busy (small
 * late-stage feature maps with deep windows) the gradient's rows are split into blocks too. A task sums its slot's
 * chunks in order into the slot's own partial {@code [depth, cout]} (slot 0's is {@code dw} itself), and the partials
 * are added in slot order: the result depends on the thread count but never on which thread ran which task.
 */
final class CpuConvBackwardFilter {
  /** Pixels per chunk: one im2col buffer, which stays in L2 while every tile of the gradient passes over it. */
  static final int CHUNK_ROWS = 192;
  /**
   * Partial results per thread: a few tasks per thread let a thread that other processes slow down take fewer of
   * them, while each partial costs one more pass in the final sum.
   */
  static final int SLOTS_PER_THREAD = 4;
  /** Fewest chunks per slot. */
  static final int MIN_SLOT_CHUNKS = 2;
  /** Granularity of a row-block split of the gradient: a multiple of every tile's rows. */
  private static final int ROW_UNIT = 16;
  /** Floats per task of the final sum: small enough that the slice being summed stays in L1. */
  private static final int SUM_GRAIN = 1 << 12;

  private final CpuComputePool pool;
  /**
   * Per participant: the im2col chunk (or the tap-row path's zero-bordered input rows), and the work buffer of
   * {@link WeightGradKernel#accumulate} (a copy of a slice of A) or {@link PackedWeightGradKernel#accumulate} (both
   * operands packed).
   */
  private final float[][] cols;
  private final float[][] copies;
  /** Per slot after the first: its partial result, grown on demand. */
  private float[][] partials = new float[0][];
  /** Per slot of the tap-row path: its partial gradient, transposed, grown on demand. */
  private float[][] transposed = new float[0][];
  /** Output pixels per chunk of the tap-row path: their rows of input and gradient stay in L1. */
  static final int TAP_ROW_CHUNK_PIXELS = 192;
  /** Most output channels of the tap-row path (whose tiles each reload the window rows). */
  static final int MAX_TAP_ROW_COLS = 64;

  CpuConvBackwardFilter(CpuComputePool pool) {
    this.pool = pool;
    this.cols = new float[pool.threads()][];
    this.copies = new float[pool.threads()][];
  }

  /** Writes {@code dw} (HWIO). Synchronised: the partials live across two parallel regions. */
  synchronized void run(float[] x, float[] dy, ConvGeometry g, float[] dw) {
    if (CpuConv2d.isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      CpuDepthwiseConvBackward.filter(pool, x, dy, g, dw);
      return;
    }
    int depth = g.depth();
    int rows = g.rows();
    if (rows == 0 || depth == 0) {
      Arrays.fill(dw, 0f);
      return;
    }
    if (runsTapRows(g)) {
      runTapRows(x, dy, g, dw);
      return;
    }
    if (isImplicit(g)) {
      runImplicit(x, dy, g, dw);
      return;
    }
    int chunks = GemmTiling.ceilDiv(rows, CHUNK_ROWS);
    int slots = Math.max(1, Math.min(SLOTS_PER_THREAD * pool.threads(), chunks / MIN_SLOT_CHUNKS));
    int units = GemmTiling.ceilDiv(depth, ROW_UNIT);
    int wanted = 2 * pool.threads();
    int blocks = 1;
    if (pool.threads() > 1 && g.groups() * slots < wanted) {
      blocks = Math.max(1, Math.min(units, GemmTiling.ceilDiv(wanted, g.groups() * slots)));
    }
    float[][] slotPartials = partials(dw, slots);
    int rowBlocks = blocks;
    pool.parallelFor(g.groups() * slots * rowBlocks, (task, participant) -> {
      int group = task / (slots * rowBlocks);
      int slot = (task / rowBlocks) % slots;
      int block = task % rowBlocks;
      int k0 = (int) ((long) block * units / rowBlocks) * ROW_UNIT;
      int k1 = Math.min(depth, (int) ((long) (block + 1) * units / rowBlocks) * ROW_UNIT);
      int firstChunk = (int) ((long) slot * chunks / slots);
      int endChunk = (int) ((long) (slot + 1) * chunks / slots);
      accumulateSlot(x, dy, g, group, firstChunk, endChunk, k0, k1, slotPartials[slot], participant);
    });
    reduce(slotPartials, dw.length);
  }

  /**
   * Whether the tap-row path computes the gradient ({@link TapRowWeightGradKernel}): stride 1, no dilation, one
   * group, at most {@link #MAX_TAP_ROW_COLS} output channels in whole tiles, and window rows ({@code kw * cin}
   * floats) of whole tiles (ResNet-20's 16-, 32- and 64-channel 3×3 convs).
   */
  static boolean runsTapRows(ConvGeometry g) {
    Conv2dParams p = g.params();
    return p.strideH() == 1
        && p.strideW() == 1
        && p.dilationH() == 1
        && p.dilationW() == 1
        && g.groups() == 1
        && g.cout() <= MAX_TAP_ROW_COLS
        && g.cout() % TapRowWeightGradKernel.COLUMNS == 0
        && p.kernelW() * g.cin() % TapRowWeightGradKernel.RUN == 0;
  }

  /**
   * The tap-row path. A task sums one slot of output rows into the slot's transposed partial
   * ({@code [cout][kh * kw * cin]}), a few output rows of one image at a time: it copies the input rows their windows
   * span, with zero borders, into a buffer of its own that stays in L1, where every output pixel's window row for
   * kernel row {@code i} is one run, and passes every kernel row and tile over them. The partials are then added in
   * slot order and transposed into {@code dw}. ResNet-20 training at batch 128, 2 threads, alternating per step in one
   * process against the paths it replaces: 163.6 against 183.0 ms per step (medians of 24); per call, 28×28×16 3.34
   * against 4.43 ms, 14×14×32 3.37 against 4.03, 7×7×64 4.22 against 4.41.
   */
  private void runTapRows(float[] x, float[] dy, ConvGeometry g, float[] dw) {
    Conv2dParams p = g.params();
    int cin = g.cin();
    int cout = g.cout();
    int kh = p.kernelH();
    int depth = g.depth();
    int windowRow = p.kernelW() * cin;
    int rowFloats = (g.w() + p.padLeft() + p.padRight()) * cin;
    int oh = g.oh();
    int ow = g.ow();
    int outRows = g.n() * oh;
    int slots =
        Math.max(1, Math.min(SLOTS_PER_THREAD * pool.threads(), outRows * ow / (MIN_SLOT_CHUNKS * CHUNK_ROWS)));
    float[][] transposed = transposedPartials(slots, dw.length);
    int rowSkip = rowFloats - ow * cin;
    int chunkRows = Math.max(1, TAP_ROW_CHUNK_PIXELS / ow);
    pool.parallelFor(slots, (slot, participant) -> {
      int from = (int) ((long) slot * outRows / slots);
      int to = (int) ((long) (slot + 1) * outRows / slots);
      float[] partial = transposed[slot];
      Arrays.fill(partial, 0, dw.length, 0f);
      float[] rows = ThreadBuffers.atLeast(cols, participant, (chunkRows + kh - 1) * rowFloats);
      for (int r0 = from; r0 < to; ) {
        int image = r0 / oh;
        int oy = r0 - image * oh;
        int r1 = Math.min(Math.min(to, r0 + chunkRows), (image + 1) * oh);
        for (int r = 0; r < r1 - r0 + kh - 1; r++) {
          PaddedInput.fillRow(x, g, image, oy + r, rows, r * rowFloats);
        }
        for (int i = 0; i < kh; i++) {
          for (int run = 0; run < windowRow; run += TapRowWeightGradKernel.RUN) {
            for (int c0 = 0; c0 < cout; c0 += TapRowWeightGradKernel.COLUMNS) {
              TapRowWeightGradKernel.tile(
                  rows, i * rowFloats + run, cin, dy, r0 * ow * cout + c0, cout, (r1 - r0) * ow, ow, rowSkip, partial,
                  c0 * depth + i * windowRow + run, depth);
            }
          }
        }
        r0 = r1;
      }
    });
    reduce(transposed, slots, dw.length);
    float[] sum = transposed[0];
    pool.parallelRange(cout, 1, (c0, c1, participant) -> {
      for (int c = c0; c < c1; c++) {
        for (int k = 0, t = c * depth; k < depth; k++, t++) {
          dw[k * cout + c] = sum[t];
        }
      }
    });
  }

  /** One transposed partial per slot, grown on demand and kept. */
  private float[][] transposedPartials(int slots, int size) {
    if (transposed.length < slots) {
      transposed = Arrays.copyOf(transposed, slots);
    }
    for (int s = 0; s < slots; s++) {
      ThreadBuffers.atLeast(transposed, s, size);
    }
    return transposed;
  }

  /**
   * Whether to skip im2col: with few output channels per group, copying a pixel's receptive field costs about as
   * much as multiplying it, so each tap reads the input in place, one run of an output row at a time. That needs at
   * least a vector's worth of input channels to fill the register tiles, unless the whole window is smaller than a
   * tile anyway (a stem over one channel), when im2col would only add its copies.
   */
  static boolean isImplicit(ConvGeometry g) {
    int lanes = WeightGradKernel.LANES;
    return g.outputsPerGroup() <= 2 * lanes && (g.inputsPerGroup() >= lanes || g.depth() < lanes);
  }

  /**
   * The im2col-free path: slots are contiguous ranges of output rows (image, oy); for each row and tap the valid
   * output columns form one run whose input pixels lie {@code stride * cin} apart.
   */
  private void runImplicit(float[] x, float[] dy, ConvGeometry g, float[] dw) {
    int outRows = g.n() * g.oh();
    int pixels = outRows * g.ow();
    int slots = Math.max(1, Math.min(SLOTS_PER_THREAD * pool.threads(), pixels / (MIN_SLOT_CHUNKS * CHUNK_ROWS)));
    int taps = g.params().kernelH() * g.params().kernelW();
    int groups = g.groups();
    int wanted = 2 * pool.threads();
    // Too few slots to keep the threads busy: split the taps (rows of the gradient) too.
    int tapBlocks = pool.threads() > 1 && groups * slots < wanted
        ? Math.min(taps, GemmTiling.ceilDiv(wanted, groups * slots))
        : 1;
    float[][] slotPartials = partials(dw, slots);
    pool.parallelFor(groups * slots * tapBlocks, (task, participant) -> {
      int group = task / (slots * tapBlocks);
      int slot = (task / tapBlocks) % slots;
      int block = task % tapBlocks;
      int from = (int) ((long) slot * outRows / slots);
      int to = (int) ((long) (slot + 1) * outRows / slots);
      int firstTap = block * taps / tapBlocks;
      int endTap = (block + 1) * taps / tapBlocks;
      float[] copy = ThreadBuffers.atLeast(copies, participant, WeightGradKernel.COPY_FLOATS);
      accumulateRows(x, dy, g, group, from, to, firstTap, endTap, slotPartials[slot], copy);
    });
    reduce(slotPartials, dw.length);
  }

  /** Taps {@code [firstTap, endTap)} of group {@code group}'s gradient over output rows {@code [from, to)}. */
  private static void accumulateRows(float[] x, float[] dy, ConvGeometry g, int group, int from, int to,
      int firstTap, int endTap, float[] partial, float[] copy) {
    Conv2dParams p = g.params();
    int cin = g.cin();
    int cinG = g.inputsPerGroup();
    int cout = g.cout();
    int coutG = g.outputsPerGroup();
    int column = group * coutG;
    for (int k = firstTap * cinG; k < endTap * cinG; k++) {
      Arrays.fill(partial, k * cout + column, k * cout + column + coutG, 0f);
    }
    int sx = p.strideW();
    for (int row = from; row < to; row++) {
      int image = row / g.oh();
      int oy = row - image * g.oh();
      for (int tap = firstTap; tap < endTap; tap++) {
        int i = tap / p.kernelW();
        int j = tap - i * p.kernelW();
        int iy = oy * p.strideH() - p.padTop() + i * p.dilationH();
        if (iy < 0 || iy >= g.h()) {
          continue;
        }
        int shift = j * p.dilationW() - p.padLeft();
        // ox * sx + shift must lie in [0, w).
        int lo = shift >= 0 ? 0 : (-shift + sx - 1) / sx;
        int hi = Math.min(g.ow(), Math.max(0, (g.w() - shift + sx - 1) / sx));
        if (lo >= hi) {
          continue;
        }
        int k0 = tap * cinG;
        int ai = ((image * g.h() + iy) * g.w() + lo * sx + shift) * cin + group * cinG - k0;
        int bi = (row * g.ow() + lo) * cout + column;
        WeightGradKernel.accumulate(
            x, ai, sx * cin, dy, bi, cout, hi - lo, k0, k0 + cinG, coutG, partial, column, cout, copy);
      }
    }
  }

  /** Rows {@code [k0, k1)} of group {@code group}'s gradient over chunks {@code [firstChunk, endChunk)}. */
  private void accumulateSlot(
      float[] x, float[] dy, ConvGeometry g, int group, int firstChunk, int endChunk, int k0, int k1,
      float[] partial, int participant) {
    int coutG = g.outputsPerGroup();
    int cout = g.cout();
    int column = group * coutG;
    for (int k = k0; k < k1; k++) {
      Arrays.fill(partial, k * cout + column, k * cout + column + coutG, 0f);
    }
    int depth = g.depth();
    int ld = CpuConv2d.im2colStride(depth);
    for (int chunk = firstChunk; chunk < endChunk; chunk++) {
      int r0 = chunk * CHUNK_ROWS;
      int r1 = Math.min(g.rows(), r0 + CHUNK_ROWS);
      float[] a;
      int ai;
      int lda;
      if (g.inputIsGemmRows()) {
        a = x;
        ai = r0 * g.cin() + group * g.inputsPerGroup();
        lda = g.cin();
      } else {
        a = ThreadBuffers.atLeast(cols, participant, CHUNK_ROWS * ld);
        Im2col.fill(x, g, group, r0, r1, a, ld);
        ai = 0;
        lda = ld;
      }
      if (coutG >= PackedWeightGradKernel.MIN_COLS) {
        PackedWeightGradKernel.accumulate(
            a, ai, lda, dy, r0 * cout + column, cout, r1 - r0, k0, k1, coutG, partial, column, cout,
            ThreadBuffers.atLeast(copies, participant, PackedWeightGradKernel.workFloats(coutG)));
      } else {
        WeightGradKernel.accumulate(
            a, ai, lda, dy, r0 * cout + column, cout, r1 - r0, k0, k1, coutG, partial, column, cout,
            ThreadBuffers.atLeast(copies, participant, WeightGradKernel.COPY_FLOATS));
      }
    }
  }

  /** {@code dw} for slot 0, then one buffer of {@code dw}'s size per further slot. */
  private float[][] partials(float[] dw, int slots) {
    if (partials.length < slots - 1) {
      partials = Arrays.copyOf(partials, slots - 1);
    }
    float[][] out = new float[slots][];
    out[0] = dw;
    for (int s = 1; s < slots; s++) {
      if (partials[s - 1] == null || partials[s - 1].length < dw.length) {
        partials[s - 1] = new float[dw.length];
      }
      out[s] = partials[s - 1];
    }
    return out;
  }

  /** {@code partial[0] += partial[s]} for every further slot, in slot order for each element. */
  private void reduce(float[][] slotPartials, int size) {
    reduce(slotPartials, slotPartials.length, size);
  }

  /** {@link #reduce(float[][], int)} over the first {@code slots} partials. */
  private void reduce(float[][] slotPartials, int slots, int size) {
    if (slots == 1) {
      return;
    }
    float[] sum = slotPartials[0];
    pool.parallelRange(size, SUM_GRAIN, (from, to, participant) -> {
      for (int b0 = from; b0 < to; b0 += SUM_GRAIN) {
        int length = Math.min(SUM_GRAIN, to - b0);
        for (int s = 1; s < slots; s++) {
          VectorLoops.addInto(slotPartials[s], b0, sum, b0, length);
        }
      }
    });
  }

}
