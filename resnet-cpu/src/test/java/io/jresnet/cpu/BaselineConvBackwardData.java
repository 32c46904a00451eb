package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.MR;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;

/** The backward data as of 2e8bfef, kept only as the A/B baseline of {@link ConvBackwardBenchmark}.
 *
 * The input gradient of an NHWC convolution as a GEMM per group, {@code dCols[pixels, kh*kw*cin/g] = dy[pixels,
 * cout/g] · Wgᵀ}, on the same micro-kernel as the forward pass; {@code Wᵀ} is packed once per call into the GEMM's
 * panel layout ({@link GemmPacking#packTransposed}).
 *
 * <ul>
 *   <li>1×1, stride 1, no padding: {@code dCols} is {@code dx} itself, written in place.
 *   <li>everything else: each task owns whole images (windows overlap only within an image, so the scatter-add needs
 *       no locks), multiplies blocks of their output pixels into a per-thread buffer and adds each row back onto
 *       the input cells its window read (col2im), a vector add per contiguous run of channels.
 *   <li>depthwise: {@link CpuDepthwiseConvBackward}.
 * </ul>
 */
final class BaselineConvBackwardData {
  /** Most floats of a per-thread dCols block: beyond this the block falls out of the caches before col2im. */
  private static final int MAX_BLOCK_FLOATS = 1 << 20;

  private final CpuComputePool pool;
  /** Per-participant dCols buffers, grown on demand and used only inside one region. */
  private final float[][] scratch;

  BaselineConvBackwardData(CpuComputePool pool) {
    this.pool = pool;
    this.scratch = new float[pool.threads()][];
  }

  void run(float[] dy, float[] w, ConvGeometry g, float[] dx) {
    if (CpuConv2d.isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      CpuDepthwiseConvBackward.data(pool, dy, w, g, dx);
      return;
    }
    if (g.outputsPerGroup() == 0 || g.depth() == 0) {
      Arrays.fill(dx, 0f);
      return;
    }
    float[] panels = packTransposed(w, g);
    if (g.inputIsGemmRows()) {
      direct(dy, panels, g, dx);
    } else {
      viaCol2im(dy, panels, g, dx);
    }
  }

  /** Floats between the packed {@code Wgᵀ} of consecutive groups. */
  private static int groupStride(ConvGeometry g) {
    return GemmPacking.packedSize(g.outputsPerGroup(), g.depth());
  }

  /** Packs each group's {@code Wgᵀ} ({@code [cout/g, depth]}) from the HWIO weights, panels spread over the pool. */
  private float[] packTransposed(float[] w, ConvGeometry g) {
    int stride = groupStride(g);
    float[] panels = new float[Math.multiplyExact(g.groups(), stride)];
    int panelsPerGroup = GemmPacking.panels(g.depth());
    int coutG = g.outputsPerGroup();
    pool.parallelRange(g.groups() * panelsPerGroup, Math.max(1, 4096 / Math.max(1, coutG * NR)), (from, to, p) -> {
      for (int t = from; t < to; ) {
        int group = t / panelsPerGroup;
        int first = t % panelsPerGroup;
        int end = Math.min(panelsPerGroup, first + (to - t));
        MatrixRef src = new MatrixRef(w, group * coutG, g.cout());
        GemmPacking.packTransposed(src, coutG, g.depth(), panels, group * stride, first, end);
        t += end - first;
      }
    });
    return panels;
  }

  /** 1×1 stride-1 unpadded: {@code dx[pixels, cin]} is the GEMM's output, each group in its channel columns. */
  private void direct(float[] dy, float[] panels, ConvGeometry g, float[] dx) {
    int rows = g.rows();
    int cols = g.inputsPerGroup();
    int coutG = g.outputsPerGroup();
    int stride = groupStride(g);
    GemmTiling tiling = GemmTiling.choose(rows, cols, g.groups(), pool.threads());
    pool.parallelFor(g.groups() * tiling.tasksPerGroup(), (task, participant) -> {
      int group = task / tiling.tasksPerGroup();
      int rb = (task % tiling.tasksPerGroup()) / tiling.colBlocks();
      int cb = task % tiling.colBlocks();
      int r0 = tiling.rowStart(rb);
      int c0 = tiling.colStart(cb);
      MatrixRef a = new MatrixRef(dy, r0 * g.cout() + group * coutG, g.cout());
      PanelRef b = PanelRef.packed(panels, group * stride, cols);
      MatrixRef c = new MatrixRef(dx, r0 * g.cin() + group * cols + c0, g.cin());
      CpuGemm.multiplyTile(
          a, b, c0 / NR, c, tiling.rowEnd(rb) - r0, tiling.colEnd(cb) - c0, coutG, 0, GemmEpilogue.NONE);
    });
  }

  private void viaCol2im(float[] dy, float[] panels, ConvGeometry g, float[] dx) {
    int depth = g.depth();
    int ld = CpuConv2d.im2colStride(depth);
    int blockRows = Math.max(MR, Math.min(GemmTiling.MAX_BLOCK_ROWS, MAX_BLOCK_FLOATS / ld / MR * MR));
    int pixelsPerImage = g.oh() * g.ow();
    int imageFloats = g.h() * g.w() * g.cin();
    int coutG = g.outputsPerGroup();
    int stride = groupStride(g);
    pool.parallelRange(g.n(), 1, (firstImage, endImage, participant) -> {
      Arrays.fill(dx, firstImage * imageFloats, endImage * imageFloats, 0f);
      int end = endImage * pixelsPerImage;
      float[] buffer = scratch(participant, Math.min(blockRows, end - firstImage * pixelsPerImage) * ld);
      for (int r0 = firstImage * pixelsPerImage; r0 < end; r0 += blockRows) {
        int r1 = Math.min(end, r0 + blockRows);
        for (int group = 0; group < g.groups(); group++) {
          MatrixRef a = new MatrixRef(dy, r0 * g.cout() + group * coutG, g.cout());
          PanelRef b = PanelRef.packed(panels, group * stride, depth);
          CpuGemm.multiplyTile(
              a, b, 0, new MatrixRef(buffer, 0, ld), r1 - r0, depth, coutG, 0, GemmEpilogue.NONE);
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

  private float[] scratch(int participant, int size) {
    float[] buffer = scratch[participant];
    if (buffer == null || buffer.length < size) {
      buffer = new float[size];
      scratch[participant] = buffer;
    }
    return buffer;
  }
}
