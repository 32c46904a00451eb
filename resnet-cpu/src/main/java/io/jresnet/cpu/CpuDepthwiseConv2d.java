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
    int bound = SPECIES.loopBound(c);
    int ch = 0;
    for (; ch < bound; ch += SPECIES.length()) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int i = 0; i < p.kernelH(); i++) {
        int iy = iy0 + i * p.dilationH();
        if (iy < 0 || iy >= g.h()) {
          continue;
        }
        int rowBase = (image * g.h() + iy) * g.w();
        for (int j = 0; j < p.kernelW(); j++) {
          int ix = ix0 + j * p.dilationW();
          if (ix >= 0 && ix < g.w()) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, (rowBase + ix) * c + ch);
            acc = xv.fma(FloatVector.fromArray(SPECIES, w, (i * p.kernelW() + j) * c + ch), acc);
          }
        }
      }
      acc.intoArray(y, out + ch);
    }
    for (; ch < c; ch++) {
      float acc = 0f;
      for (int i = 0; i < p.kernelH(); i++) {
        int iy = iy0 + i * p.dilationH();
        if (iy < 0 || iy >= g.h()) {
          continue;
        }
        int rowBase = (image * g.h() + iy) * g.w();
        for (int j = 0; j < p.kernelW(); j++) {
          int ix = ix0 + j * p.dilationW();
          if (ix >= 0 && ix < g.w()) {
            acc = Math.fma(x[(rowBase + ix) * c + ch], w[(i * p.kernelW() + j) * c + ch], acc);
          }
        }
      }
      y[out + ch] = acc;
    }
    epilogue.applySpan(y, out, 0, c);
  }
}
