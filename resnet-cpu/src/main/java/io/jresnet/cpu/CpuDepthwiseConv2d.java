package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (groups = cin = cout): output channel {@code c} sees only input channel {@code c}, with HWIO
 * weights {@code [kh, kw, 1, c]}. Vectorised over channels, which are contiguous in NHWC for input, weights and
 * output alike; parallel over output rows.
 */
final class CpuDepthwiseConv2d {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private CpuDepthwiseConv2d() {}

  static void run(CpuComputePool pool, float[] x, float[] w, ConvGeometry g, GemmEpilogue epilogue, float[] y) {
    int outRows = g.n() * g.oh();
    pool.parallelRange(outRows, 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        for (int ox = 0; ox < g.ow(); ox++) {
          pixel(x, w, g, row / g.oh(), row % g.oh(), ox, epilogue, y);
        }
      }
    });
  }

  private static void pixel(
      float[] x, float[] w, ConvGeometry g, int image, int oy, int ox, GemmEpilogue epilogue, float[] y) {
    Conv2dParams p = g.params();
    int c = g.cin();
    int out = ((image * g.oh() + oy) * g.ow() + ox) * c;
    int iy0 = oy * p.strideH() - p.padTop();
    int ix0 = ox * p.strideW() - p.padLeft();
    // The taps that land inside the input, so the loops below need no bounds branches.
    int i0 = firstTap(iy0, p.dilationH());
    int i1 = endTap(iy0, p.dilationH(), g.h(), p.kernelH());
    int j0 = firstTap(ix0, p.dilationW());
    int j1 = endTap(ix0, p.dilationW(), g.w(), p.kernelW());
    int bound = SPECIES.loopBound(c);
    int ch = 0;
    for (; ch < bound; ch += SPECIES.length()) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int i = i0; i < i1; i++) {
        int rowBase = (image * g.h() + iy0 + i * p.dilationH()) * g.w() + ix0;
        for (int j = j0; j < j1; j++) {
          FloatVector xv = FloatVector.fromArray(SPECIES, x, (rowBase + j * p.dilationW()) * c + ch);
          acc = xv.fma(FloatVector.fromArray(SPECIES, w, (i * p.kernelW() + j) * c + ch), acc);
        }
      }
      acc.intoArray(y, out + ch);
    }
    for (; ch < c; ch++) {
      float acc = 0f;
      for (int i = i0; i < i1; i++) {
        int rowBase = (image * g.h() + iy0 + i * p.dilationH()) * g.w() + ix0;
        for (int j = j0; j < j1; j++) {
          acc = Math.fma(x[(rowBase + j * p.dilationW()) * c + ch], w[(i * p.kernelW() + j) * c + ch], acc);
        }
      }
      y[out + ch] = acc;
    }
    epilogue.applySpan(y, out, 0, c);
  }

  /** The first tap {@code t} with {@code start + t * dilation >= 0}. */
  private static int firstTap(int start, int dilation) {
    return start >= 0 ? 0 : (-start + dilation - 1) / dilation;
  }

  /** One past the last tap (at most {@code kernel}) with {@code start + t * dilation < size}. */
  private static int endTap(int start, int dilation, int size, int kernel) {
    if (start >= size) {
      return 0;
    }
    return Math.min(kernel, (size - start + dilation - 1) / dilation);
  }
}
