package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;

/**
 * A stride-1 conv on images of a few pixels (ResNet-50's last stage on 64×64 inputs: 2×2 pixels of 512 channels) as
 * one GEMM per output position and tap that reads inside the input: {@code Y[:, p] += X[:, p + shift(t)] · W[t]},
 * the batch's images as the GEMM's rows (the input copied pixel-major once, so that a GEMM's rows lie one padded row
 * apart rather than a whole image, and the outputs gathered the same way). Taps that fall on the padding are skipped
 * instead of multiplied as im2col's zeros: at 2×2 pixels a 3×3 "same" conv has 4 of its 9 taps inside the input
 * for every position.
 *
 * <p>Each tap's rows of the weights are whole {@link CpuGemm#KC} blocks (input channels a multiple of it), and the
 * taps of a position are added in tap order, block by block, exactly as the im2col GEMM adds its depth: the result is
 * the im2col GEMM's sums minus its products with zero. The first valid tap of a position starts from zero, later
 * ones from the partial sum; bias, residual and ReLU are applied on the way back to NHWC.
 *
 * <p>Tasks are blocks of output channels, so each thread streams its own share of the weights once, tap by tap,
 * while every position's rows of the inputs and outputs stay in its cache.
 *
 * <p>Measured on the Keras-notebook ResNet-50 (64×64 inputs, batch 32, 2 threads), whose last stage's three 3×3 convs
 * and their input gradients take this path: a training step took 524.4 instead of 569.5 ms and 545.7 instead of
 * 583.6 ms (medians of 16 and 12 steps, alternating per step in one process).
 */
final class SmallImageConv {
  /** Most output positions per image: with more, im2col's rows are long enough and few taps fall outside. */
  static final int MAX_POSITIONS = 16;
  /** Fewest images: each GEMM has one row per image. */
  static final int MIN_BATCH = GemmMicroKernel.MR;

  private final CpuComputePool pool;
  /** The input, pixel-major, grown on demand. */
  private float[] inputs = new float[0];
  /** The output before its epilogue, position-major, grown on demand. */
  private float[] outputs = new float[0];

  SmallImageConv(CpuComputePool pool) {
    this.pool = pool;
  }

  /**
   * Whether {@link #run} computes {@code g}: one group, stride 1, no dilation, a window larger than 1×1 that reaches
   * into the padding, at most {@link #MAX_POSITIONS} output pixels per image, at least {@link #MIN_BATCH} images,
   * input channels a multiple of {@link CpuGemm#KC}, output channels whole panels, and every output pixel with at
   * least one tap inside the input.
   */
  static boolean applies(ConvGeometry g) {
    Conv2dParams p = g.params();
    if (p.groups() != 1
        || p.strideH() != 1
        || p.strideW() != 1
        || p.dilationH() != 1
        || p.dilationW() != 1
        || p.kernelH() * p.kernelW() == 1
        || p.padTop() + p.padBottom() + p.padLeft() + p.padRight() == 0
        || (long) g.oh() * g.ow() > MAX_POSITIONS
        || g.n() < MIN_BATCH
        || g.cin() % CpuGemm.KC != 0
        || g.cout() % NR != 0) {
      return false;
    }
    for (int oy = 0; oy < g.oh(); oy++) {
      for (int ox = 0; ox < g.ow(); ox++) {
        if (firstTap(g, oy, ox) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * {@code y = epilogue(conv(x, w))} for a {@code g} that {@link #applies}: x NHWC {@code [n, h, w, cin]}, y NHWC
   * {@code [n, oh, ow, cout]}, {@code w} the {@code [kh * kw * cin, cout]} weight matrix (HWIO, packed or row-major).
   * Synchronised: the pixel-major copies are shared by the call's regions.
   */
  synchronized void run(float[] x, PanelRef w, ConvGeometry g, GemmEpilogue epilogue, float[] y) {
    Conv2dParams p = g.params();
    int n = g.n();
    int taps = p.kernelH() * p.kernelW();
    int pixels = g.h() * g.w();
    int positions = g.oh() * g.ow();
    int cin = g.cin();
    int cout = g.cout();
    // Pixel-major copies, [pixel][image][channel], so that a GEMM's rows (its images) lie one padded row apart
    // rather than a whole image: rows a multiple of 4 KiB apart would evict each other from L1.
    int ldx = CpuConv2d.im2colStride(cin);
    int ldy = CpuConv2d.im2colStride(cout);
    float[] xs = inputs = grow(inputs, Math.multiplyExact(pixels * n, ldx));
    float[] ys = outputs = grow(outputs, Math.multiplyExact(positions * n, ldy));
    pool.parallelFor(pixels, (pixel, participant) -> {
      for (int image = 0; image < n; image++) {
        System.arraycopy(x, (image * pixels + pixel) * cin, xs, (pixel * n + image) * ldx, cin);
      }
    });
    PanelRef[] tapWeights = new PanelRef[taps];
    for (int t = 0; t < taps; t++) {
      tapWeights[t] = w.fromRow(t * cin);
    }
    int[] firstTaps = new int[positions];
    for (int q = 0; q < positions; q++) {
      firstTaps[q] = firstTap(g, q / g.ow(), q % g.ow());
    }
    GemmEpilogue accumulate = new GemmEpilogue(null, ys, false);
    int panels = cout / NR;
    int blocks = Math.min(panels, 2 * pool.threads());
    pool.parallelFor(blocks, (block, participant) -> {
      int c0 = block * panels / blocks * NR;
      int c1 = (block + 1) * panels / blocks * NR;
      for (int t = 0; t < taps; t++) {
        int i = t / p.kernelW();
        int j = t - i * p.kernelW();
        for (int q = 0; q < positions; q++) {
          int iy = q / g.ow() - p.padTop() + i;
          int ix = q % g.ow() - p.padLeft() + j;
          if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
            continue;
          }
          CpuGemm.multiplyTile(
              xs, (iy * g.w() + ix) * n * ldx, ldx, tapWeights[t], c0 / NR, ys, q * n * ldy + c0, ldy, n, c1 - c0,
              cin, c0, t == firstTaps[q] ? GemmEpilogue.NONE : accumulate);
        }
      }
    });
    // Back to NHWC, with the bias, residual and ReLU.
    boolean plain = epilogue.bias() == null && epilogue.residual() == null && !epilogue.relu();
    pool.parallelFor(positions, (q, participant) -> {
      for (int image = 0; image < n; image++) {
        int out = (image * positions + q) * cout;
        System.arraycopy(ys, (q * n + image) * ldy, y, out, cout);
        if (!plain) {
          epilogue.applySpan(y, out, 0, cout);
        }
      }
    });
  }

  private static float[] grow(float[] buffer, int size) {
    return buffer.length >= size ? buffer : new float[size];
  }

  /** The first tap (in HWIO order) of output pixel (oy, ox) that reads inside the input, or -1. */
  private static int firstTap(ConvGeometry g, int oy, int ox) {
    int taps = g.params().kernelH() * g.params().kernelW();
    for (int t = 0; t < taps; t++) {
      if (inside(g, oy, ox, t)) {
        return t;
      }
    }
    return -1;
  }

  private static boolean inside(ConvGeometry g, int oy, int ox, int tap) {
    Conv2dParams p = g.params();
    int iy = oy - p.padTop() + tap / p.kernelW();
    int ix = ox - p.padLeft() + tap % p.kernelW();
    return iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
  }
}
