package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward of the depthwise convolution ({@link CpuDepthwiseConv2d}), vectorised over the contiguous channels.
 * The input gradient is gathered (each input cell sums the output cells whose windows read it), so tasks write
 * disjoint rows; the weight gradient sums over every output pixel into one partial per task (a fixed, contiguous
 * range of output rows), and the partials are added in task order, so the result never depends on which thread ran
 * which task.
 */
final class CpuDepthwiseConvBackward {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Tasks (and so partial results) per thread of the weight gradient. */
  private static final int TASKS_PER_THREAD = 4;

  private CpuDepthwiseConvBackward() {}

  /** {@code dx[n, iy, ix, c] = sum over taps that read (iy, ix) of dy[n, oy, ox, c] * w[i, j, 0, c]}. */
  static void data(CpuComputePool pool, float[] dy, float[] w, ConvGeometry g, float[] dx) {
    Conv2dParams p = g.params();
    int c = g.cin();
    pool.parallelRange(g.n() * g.h(), 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int image = row / g.h();
        int iy = row % g.h();
        for (int ix = 0; ix < g.w(); ix++) {
          int out = (row * g.w() + ix) * c;
          Arrays.fill(dx, out, out + c, 0f);
          for (int i = 0; i < p.kernelH(); i++) {
            int oy = outputIndex(iy + p.padTop() - i * p.dilationH(), p.strideH(), g.oh());
            if (oy < 0) {
              continue;
            }
            for (int j = 0; j < p.kernelW(); j++) {
              int ox = outputIndex(ix + p.padLeft() - j * p.dilationW(), p.strideW(), g.ow());
              if (ox >= 0) {
                int src = ((image * g.oh() + oy) * g.ow() + ox) * c;
                VectorLoops.addProductInto(dy, src, w, (i * p.kernelW() + j) * c, dx, out, c);
              }
            }
          }
        }
      }
    });
  }

  /** The output index whose window start lies {@code offset} before the cell, or -1 when none does. */
  private static int outputIndex(int offset, int stride, int size) {
    if (offset < 0 || offset % stride != 0) {
      return -1;
    }
    int o = offset / stride;
    return o < size ? o : -1;
  }

  /** {@code dw[i, j, 0, c] = sum over n, oy, ox of dy[n, oy, ox, c] * x[n, iy, ix, c]}. */
  static void filter(CpuComputePool pool, float[] x, float[] dy, ConvGeometry g, float[] dw) {
    Conv2dParams p = g.params();
    int c = g.cin();
    int taps = p.kernelH() * p.kernelW();
    int rows = g.n() * g.oh();
    int tasks = Math.min(rows, TASKS_PER_THREAD * pool.threads());
    float[][] partials = new float[tasks][];
    pool.parallelFor(tasks, (task, participant) -> {
      float[] acc = new float[taps * c];
      partials[task] = acc;
      int from = (int) ((long) rows * task / tasks);
      int to = (int) ((long) rows * (task + 1) / tasks);
      for (int row = from; row < to; row++) {
        int image = row / g.oh();
        int oy = row % g.oh();
        for (int ox = 0; ox < g.ow(); ox++) {
          int src = (row * g.ow() + ox) * c;
          for (int i = 0; i < p.kernelH(); i++) {
            int iy = oy * p.strideH() - p.padTop() + i * p.dilationH();
            if (iy < 0 || iy >= g.h()) {
              continue;
            }
            for (int j = 0; j < p.kernelW(); j++) {
              int ix = ox * p.strideW() - p.padLeft() + j * p.dilationW();
              if (ix >= 0 && ix < g.w()) {
                int in = ((image * g.h() + iy) * g.w() + ix) * c;
                VectorLoops.addProductInto(dy, src, x, in, acc, (i * p.kernelW() + j) * c, c);
              }
            }
          }
        }
      }
    });
    Arrays.fill(dw, 0f);
    for (float[] partial : partials) {
      VectorLoops.addInto(partial, 0, dw, 0, dw.length);
    }
  }
}
