package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.MR;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The input gradient of an NHWC convolution, on the GEMM micro-kernels of the forward pass ({@link BackwardGemm}):
 *
 * <ul>
 *   <li>stride 1 with the padding within the window's reach (3×3 "same", 1×1, valid convs) and whole vectors of
 *       input channels per group: the forward conv of
 *       {@code dy} with the flipped, transposed kernel ({@link BackwardWeightPacking.Layout#FLIPPED}) and padding
 *       {@code dilation*(k-1) - pad}, which writes each {@code dx} cell once: im2col of {@code dy} per block of input
 *       pixels, or {@code dy} itself read in place for 1×1 convs; one vector of input channels goes without im2col
 *       ({@link NarrowConv}). 3×3 convs with many channels and tiles that the forward pass would run by
 *       Winograd run the flipped conv by Winograd too, on the flipped weights in HWIO ({@link #prefersWinograd}),
 *       and on images of a few pixels it skips the taps on the padding ({@link SmallImageConv}).
 *   <li>everything else (strided convs, the stem's few input channels): a GEMM per group, {@code dCols[pixels, kh*kw*cin/g] = dy · Wgᵀ}
 *       ({@link BackwardWeightPacking.Layout#TRANSPOSED}); each task owns whole images (windows overlap only within
 *       an image, so the scatter-add needs no locks), multiplies blocks of their output pixels into a per-thread
 *       buffer and adds each row back onto the input cells its window read (col2im).
 *   <li>depthwise: {@link CpuDepthwiseConvBackward}.
 * </ul>
 *
 * <p>The packed weights are rebuilt on every call (training changes them every step) into a buffer kept across calls.
 */
final class CpuConvBackwardData {
  /** Most floats of a per-thread dCols block: beyond this the block falls out of the caches before col2im. */
  private static final int MAX_BLOCK_FLOATS = 1 << 20;

  /**
   * Fewest channels (in and out) for the Winograd path. Measured against the GEMM of the flipped conv (2 threads,
   * alternating in one process): 64 → 64 at 7×7 (batch 128) and at 15×15, 128 → 128 at 8×8 (batch 32) took
   * 0.81–0.88× the time, but 32 → 32 at 14×14 (batch 128) 1.12×: with few channels the transforms dominate.
   */
  static final int WINOGRAD_MIN_CHANNELS = 64;
  /** Fewest 4×4 tiles over the batch: 256 → 256 at 4×4, batch 32 (32 tiles) took 1.27× the time of the GEMM. */
  static final int WINOGRAD_MIN_TILES = 64;

  private final CpuComputePool pool;
  /** Per-participant im2col and dCols buffers, grown on demand and used only inside one region. */
  private final float[][] scratch;
  private final NarrowConv narrow;
  /** The flipped conv on images of a few pixels. */
  private final SmallImageConv smallImage;
  /** The packed weights of the current call, grown on demand. */
  private float[] packed = new float[0];
  /** Winograd F(4×4, 3×3) for the flipped conv of 3×3 stride-1 convs, with its own workspaces. */
  private final WinogradConv winograd;
  /**
   * The flipped HWIO weights {@code [kh, kw, cout, cin]} handed to {@link #winograd} and {@link #narrow} (tap-major,
   * as both read them), one per weight shape seen.
   */
  private final Map<Shape, CpuTensor> flippedWeights = new HashMap<>();

  CpuConvBackwardData(CpuComputePool pool) {
    this(pool, new WinogradConv(pool));
  }

  /** With the given Winograd conv (tests turn it off to reach the GEMM path on shapes it would take). */
  CpuConvBackwardData(CpuComputePool pool, WinogradConv winograd) {
    this.pool = pool;
    this.scratch = new float[pool.threads()][];
    this.narrow = new NarrowConv(pool);
    this.smallImage = new SmallImageConv(pool);
    this.winograd = winograd;
  }

  /** Writes {@code dx}. Synchronised: the packed weights are shared by the call's regions. */
  synchronized void run(float[] dy, float[] w, ConvGeometry g, float[] dx) {
    if (CpuConv2d.isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      CpuDepthwiseConvBackward.data(pool, dy, w, g, dx);
      return;
    }
    if (g.outputsPerGroup() == 0 || g.depth() == 0) {
      Arrays.fill(dx, 0f);
      return;
    }
    ConvGeometry flipped = flippedConv(g);
    if (runsNarrow(flipped)) {
      narrow.run(dy, flippedWeights(w, g).data(), flipped, GemmEpilogue.NONE, dx);
      return;
    }
    if (flipped != null && prefersWinograd(flipped)) {
      winograd.run(dy, flippedWeights(w, g), flipped, GemmEpilogue.NONE, dx);
      return;
    }
    if (flipped != null && SmallImageConv.applies(flipped)) {
      pack(w, g, BackwardWeightPacking.Layout.FLIPPED);
      smallImage.run(dy, PanelRef.packed(packed, 0, flipped.cout()), flipped, GemmEpilogue.NONE, dx);
      return;
    }
    BackwardWeightPacking.Layout layout =
        flipped != null ? BackwardWeightPacking.Layout.FLIPPED : BackwardWeightPacking.Layout.TRANSPOSED;
    int stride = pack(w, g, layout);
    if (flipped != null) {
      asForwardConv(dy, packed, stride, flipped, dx);
    } else {
      viaCol2im(dy, packed, stride, g, dx);
    }
  }

  /**
   * The stride-1 conv from {@code dy} ({@code [n, oh, ow, cout]}) to {@code dx} ({@code [n, h, w, cin]}) whose
   * weights are the flipped kernel, or null when {@code g} has a stride, padding past the window's reach (which
   * would need negative padding), or input channels per group that are not whole vectors (they would be the GEMM's
   * columns, all on the edge kernel).
   */
  static ConvGeometry flippedConv(ConvGeometry g) {
    Conv2dParams p = g.params();
    if (g.inputsPerGroup() % GemmMicroKernel.LANES != 0) {
      return null;
    }
    int reachH = p.dilationH() * (p.kernelH() - 1);
    int reachW = p.dilationW() * (p.kernelW() - 1);
    if (p.strideH() != 1
        || p.strideW() != 1
        || Math.max(p.padTop(), p.padBottom()) > reachH
        || Math.max(p.padLeft(), p.padRight()) > reachW) {
      return null;
    }
    Conv2dParams f = new Conv2dParams(
        p.kernelH(), p.kernelW(), 1, 1, reachH - p.padTop(), reachH - p.padBottom(), reachW - p.padLeft(),
        reachW - p.padRight(), p.dilationH(), p.dilationW(), p.groups());
    return new ConvGeometry(g.n(), g.oh(), g.ow(), g.cout(), g.h(), g.w(), g.cin(), f);
  }

  /** Packs {@code w} in {@code layout} into {@link #packed}; returns the floats between groups. */
  private int pack(float[] w, ConvGeometry g, BackwardWeightPacking.Layout layout) {
    int stride = BackwardWeightPacking.groupStride(g, layout);
    int size = Math.multiplyExact(g.groups(), stride);
    if (packed.length < size) {
      packed = new float[size];
    }
    BackwardWeightPacking.pack(pool, w, g, layout, packed);
    return stride;
  }

  /** Whether an input gradient whose flipped conv is {@code f} (null if none) runs {@link NarrowConv}. */
  static boolean runsNarrow(ConvGeometry f) {
    return f != null && NarrowConv.applies(f);
  }

  /**
   * Whether the flipped conv {@code f} runs by Winograd: when the forward pass would ({@link WinogradConv#chooses})
   * and it has at least {@link #WINOGRAD_MIN_CHANNELS} channels each side and {@link #WINOGRAD_MIN_TILES} tiles.
   */
  boolean prefersWinograd(ConvGeometry f) {
    long tiles = (long) f.n() * GemmTiling.ceilDiv(f.oh(), 4) * GemmTiling.ceilDiv(f.ow(), 4);
    return Math.min(f.cin(), f.cout()) >= WINOGRAD_MIN_CHANNELS && tiles >= WINOGRAD_MIN_TILES
        && winograd.chooses(f);
  }

  /**
   * {@code W'[i, j, co, ci] = W[kh-1-i, kw-1-j, ci, co]}: the HWIO weights of the flipped conv, in a tensor kept
   * across calls (one per weight shape), transposed a tap and a 16 × 16 block at a time.
   */
  private CpuTensor flippedWeights(float[] w, ConvGeometry g) {
    int cin = g.cin();
    int cout = g.cout();
    int taps = g.params().kernelH() * g.params().kernelW();
    Shape shape = Shape.of(g.params().kernelH(), g.params().kernelW(), cout, cin);
    CpuTensor t = flippedWeights.computeIfAbsent(shape, s -> new CpuTensor(null, s, new float[s.size()]));
    float[] out = t.data();
    int block = 16;
    pool.parallelFor(taps, (tap, participant) -> {
      int src = (taps - 1 - tap) * cin * cout;
      int dst = tap * cout * cin;
      for (int ci0 = 0; ci0 < cin; ci0 += block) {
        int ci1 = Math.min(cin, ci0 + block);
        for (int co0 = 0; co0 < cout; co0 += block) {
          int co1 = Math.min(cout, co0 + block);
          for (int ci = ci0; ci < ci1; ci++) {
            for (int co = co0; co < co1; co++) {
              out[dst + co * cin + ci] = w[src + ci * cout + co];
            }
          }
        }
      }
    });
    return t;
  }

  /** {@code dx = conv(dy, flipped weights)} as the forward pass runs a conv: {@code f} is its geometry. */
  private void asForwardConv(float[] dy, float[] panels, int groupStride, ConvGeometry f, float[] dx) {
    int rows = f.rows();
    int cols = f.outputsPerGroup();
    int depth = f.depth();
    GemmTiling tiling = GemmTiling.choose(rows, cols, f.groups(), pool.threads());
    boolean inPlace = f.inputIsGemmRows();
    int ld = CpuConv2d.im2colStride(depth);
    pool.parallelFor(f.groups() * tiling.tasksPerGroup(), (task, participant) -> {
      int group = tiling.groupOf(task);
      int rb = tiling.rowBlockOf(task);
      int cb = tiling.colBlockOf(task);
      int r0 = tiling.rowStart(rb);
      int r1 = tiling.rowEnd(rb);
      int c0 = tiling.colStart(cb);
      MatrixRef a;
      if (inPlace) {
        a = new MatrixRef(dy, r0 * f.cin() + group * f.inputsPerGroup(), f.cin());
      } else {
        float[] buffer = ThreadBuffers.atLeast(scratch, participant, tiling.maxBlockRows() * ld);
        Im2col.fill(dy, f, group, r0, r1, buffer, ld);
        a = new MatrixRef(buffer, 0, ld);
      }
      PanelRef b = PanelRef.packed(panels, group * groupStride, cols);
      MatrixRef c = new MatrixRef(dx, r0 * f.cout() + group * cols + c0, f.cout());
      BackwardGemm.multiplyTile(a, b, c0 / NR, c, r1 - r0, tiling.colEnd(cb) - c0, depth);
    });
  }

  private void viaCol2im(float[] dy, float[] panels, int stride, ConvGeometry g, float[] dx) {
    int depth = g.depth();
    int ld = CpuConv2d.im2colStride(depth);
    int blockRows = Math.max(MR, Math.min(GemmTiling.MAX_BLOCK_ROWS, MAX_BLOCK_FLOATS / ld / MR * MR));
    int pixelsPerImage = g.oh() * g.ow();
    int imageFloats = g.h() * g.w() * g.cin();
    int coutG = g.outputsPerGroup();
    pool.parallelRange(g.n(), 1, (firstImage, endImage, participant) -> {
      Arrays.fill(dx, firstImage * imageFloats, endImage * imageFloats, 0f);
      int end = endImage * pixelsPerImage;
      float[] buffer =
          ThreadBuffers.atLeast(scratch, participant, Math.min(blockRows, end - firstImage * pixelsPerImage) * ld);
      for (int r0 = firstImage * pixelsPerImage; r0 < end; r0 += blockRows) {
        int r1 = Math.min(end, r0 + blockRows);
        for (int group = 0; group < g.groups(); group++) {
          MatrixRef a = new MatrixRef(dy, r0 * g.cout() + group * coutG, g.cout());
          PanelRef b = PanelRef.packed(panels, group * stride, depth);
          BackwardGemm.multiplyTile(a, b, 0, new MatrixRef(buffer, 0, ld), r1 - r0, depth, coutG);
          col2im(buffer, ld, g, group, r0, r1, dx);
        }
      }
    });
  }

  /** Adds rows {@code [rowStart, rowEnd)} of group {@code group}'s dCols onto the input cells they came from. */
  static void col2im(float[] cols, int ld, ConvGeometry g, int group, int rowStart, int rowEnd, float[] dx) {
    Conv2dParams p = g.params();
    int kh = p.kernelH();
    int kw = p.kernelW();
    int cin = g.cin();
    int cinG = g.inputsPerGroup();
    int channelOffset = group * cinG;
    int pixelsPerImage = g.oh() * g.ow();
    // As in Im2col: with one group and no horizontal dilation a kernel row of taps is one contiguous run.
    boolean rowRuns = cinG == cin && p.dilationW() == 1;
    for (int m = rowStart; m < rowEnd; m++) {
      int image = m / pixelsPerImage;
      int pixel = m - image * pixelsPerImage;
      int oy = pixel / g.ow();
      int ox = pixel - oy * g.ow();
      int iy0 = oy * p.strideH() - p.padTop();
      int ix0 = ox * p.strideW() - p.padLeft();
      int src = (m - rowStart) * ld;
      for (int i = 0; i < kh; i++, src += kw * cinG) {
        int iy = iy0 + i * p.dilationH();
        if (iy < 0 || iy >= g.h()) {
          continue;
        }
        int rowBase = (image * g.h() + iy) * g.w();
        if (rowRuns && ix0 >= 0 && ix0 + kw <= g.w()) {
          VectorLoops.addInto(cols, src, dx, (rowBase + ix0) * cin, kw * cin);
          continue;
        }
        for (int j = 0, s = src; j < kw; j++, s += cinG) {
          int ix = ix0 + j * p.dilationW();
          if (ix >= 0 && ix < g.w()) {
            VectorLoops.addInto(cols, s, dx, (rowBase + ix) * cin + channelOffset, cinG);
          }
        }
      }
    }
  }

}
