package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;

/**
 * A conv on an input of few channels with a window of several rows (a ResNet's 7×7, stride-2 stem on RGB images)
 * computed directly on its input, without im2col. With {@code cin} channels, one kernel row of an output pixel's window
 * is {@code kw * cin} consecutive floats of an input row, and the windows of neighbouring output pixels start
 * {@code strideW * cin} floats apart: for each kernel row the conv is a GEMM whose A is read in place, 14 output pixels
 * × {@code kw * cin} with a row stride of {@code strideW * cin}. {@link TapTileKernel} sums all kernel rows in
 * registers, finding each window column through a table of offsets, so each output is written once.
 *
 * <p>The input is first copied with its left and right padding as zeros, so that every window row lies inside a
 * buffer row; kernel rows that fall into the top or bottom padding are skipped. The lowering this replaces wrote
 * {@code kh * kw * cin} floats per output pixel (147 for the stem, 12× its input) and read them back. ResNet-50's
 * stem, 2 threads, alternating per call in one process (medians): 1.76 against 2.05 ms at batch 1, 11.5 against
 * 14.6 ms at batch 8.
 */
final class StemConv {
  /** Most input channels: more, and a window row is long enough for im2col's copy to pay off. */
  static final int MAX_CHANNELS = 4;

  private final CpuComputePool pool;
  /** The input with zero left and right borders (taps in the top and bottom padding are skipped instead). */
  private final PaddedInput padded = new PaddedInput();

  StemConv(CpuComputePool pool) {
    this.pool = pool;
  }

  /**
   * Whether {@link #run} computes {@code conv}: one group, no dilation, at most {@link #MAX_CHANNELS} input channels
   * and windows {@link TapTileKernel#ROW_STRIDE} floats apart (RGB at stride 2), a window of more than one row, a
   * depth within one {@link CpuGemm#KC} block, output rows of whole {@link TapTileKernel#ROWS}-pixel tiles and output
   * channels of whole {@link GemmMicroKernel#NR}-column panels (ResNet's stem at 224×224: 112-pixel rows, 64
   * channels), on a machine whose main tile fits its registers.
   */
  static boolean applies(ConvGeometry conv) {
    Conv2dParams p = conv.params();
    return GemmMicroKernel.FULL_TILE_FITS
        && p.groups() == 1
        && p.dilationH() == 1
        && p.dilationW() == 1
        && conv.cin() <= MAX_CHANNELS
        && conv.cin() * p.strideW() == TapTileKernel.ROW_STRIDE
        && p.kernelH() > 1
        && conv.depth() <= CpuGemm.KC
        && conv.ow() % TapTileKernel.ROWS == 0
        && conv.cout() % NR == 0;
  }

  /**
   * {@code y = epilogue(conv(x, w))}: x NHWC {@code [n, h, w, cin]}, w the {@code [kh * kw * cin, cout]} weight matrix
   * (HWIO order, packed or row-major), y NHWC {@code [n, oh, ow, cout]}, for a {@code conv} that {@link #applies}.
   * Synchronised: the padded buffer is shared by the call's regions.
   */
  void run(float[] x, PanelRef w, ConvGeometry conv, GemmEpilogue epilogue, float[] y) {
    prepare(x, w, conv, epilogue, y).run();
  }

  /**
   * {@link #run}, ready to run as often as the arrays stay as they are. Runs synchronised: the padded buffer is
   * shared by the call's regions.
   */
  Runnable prepare(float[] x, PanelRef w, ConvGeometry conv, GemmEpilogue epilogue, float[] y) {
    Conv2dParams p = conv.params();
    int cin = conv.cin();
    int wp = conv.w() + p.padLeft() + p.padRight();
    int rowFloats = wp * cin;
    int kh = p.kernelH();
    int tapFloats = p.kernelW() * cin;
    int cout = conv.cout();
    int ow = conv.ow();
    float[] residual = epilogue.residual();
    float[] init = residual != null ? residual : GemmMicroKernel.ZEROS;
    int ldi = residual != null ? cout : 0;
    float[] bias = epilogue.bias() != null ? epilogue.bias() : GemmMicroKernel.ZEROS;
    float floor = epilogue.relu() ? 0f : Float.NEGATIVE_INFINITY;
    float[] b = w.data();
    int ldb = w.rowStride();
    int bTap = tapFloats * ldb;
    int[] offsets = offsets(kh, tapFloats, rowFloats);
    Runnable copy = padded.copier(pool, x, conv, 0, 0);
    CpuComputePool.RangeTask rows = (from, to, participant) -> {
      float[] buf = padded.buffer();
      for (int row = from; row < to; row++) {
        int image = row / conv.oh();
        int top = (row - image * conv.oh()) * p.strideH() - p.padTop();
        int firstTap = Math.max(0, -top);
        int taps = Math.max(0, Math.min(kh, conv.h() - top) - firstTap);
        int a = ((image * conv.h() + top + firstTap) * rowFloats);
        int out = row * ow * cout;
        for (int panel = 0; panel * NR < cout; panel++) {
          int bi = w.start(0, conv.depth(), panel) + firstTap * bTap;
          int column = panel * NR;
          for (int ox = 0; ox < ow; ox += TapTileKernel.ROWS) {
            int ci = out + ox * cout + column;
            TapTileKernel.full(
                buf, a + ox * TapTileKernel.ROW_STRIDE, offsets, b, bi, ldb, taps * tapFloats, init,
                residual != null ? ci : 0, ldi, bias, bias == GemmMicroKernel.ZEROS ? 0 : column, floor, y, ci, cout);
          }
        }
      }
    };
    return () -> {
      synchronized (this) {
        copy.run();
        pool.parallelRange(conv.n() * conv.oh(), 1, rows);
      }
    };
  }

  /**
   * Where column {@code k} of a window lies from the window's start: kernel row {@code k / tapFloats} is
   * {@code rowFloats} further on per row.
   */
  private static int[] offsets(int kh, int tapFloats, int rowFloats) {
    int[] table = new int[kh * tapFloats];
    for (int k = 0; k < table.length; k++) {
      table[k] = k / tapFloats * rowFloats + k % tapFloats;
    }
    return table;
  }
}
