package io.jresnet.tck;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Window pools, one output element at a time; padded cells are skipped, never read as zeros. */
final class ReferencePoolKernels implements PoolKernels {
  private final ReferenceBackend backend;

  ReferencePoolKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void maxPool2d(Tensor x, Pool2dParams params, Tensor y) {
    pool("maxPool2d", x, params, y, true);
  }

  @Override
  public void avgPool2d(Tensor x, Pool2dParams params, Tensor y) {
    pool("avgPool2d", x, params, y, false);
  }

  @Override
  public void globalAvgPool(Tensor x, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "globalAvgPool");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    args.requireRank("x", x, 4, "NHWC [N, H, W, C]");
    int n = x.shape().dim(0);
    int cells = x.shape().dim(1) * x.shape().dim(2);
    int c = x.shape().dim(3);
    args.requireShape("y", y, Shape.of(n, c));
    if (cells == 0) {
      throw args.error("x " + x.shape() + " has no spatial cells to average");
    }
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        for (int cell = 0; cell < cells; cell++) {
          sum += xs[(b * cells + cell) * c + ch];
        }
        ys[b * c + ch] = (float) (sum / cells);
      }
    }
  }

  private void pool(String kernel, Tensor x, Pool2dParams p, Tensor y, boolean max) {
    ReferenceArgs args = new ReferenceArgs(backend, kernel);
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    if (p == null) {
      throw args.error("params must not be null");
    }
    args.requireRank("x", x, 4, "NHWC [N, H, W, C]");
    // With padding below the kernel size every window holds at least one real cell, so a max is always defined
    // and an average that excludes padding never divides by zero.
    if (p.padTop() >= p.kernelH()
        || p.padBottom() >= p.kernelH()
        || p.padLeft() >= p.kernelW()
        || p.padRight() >= p.kernelW()) {
      throw args.error("padding must be smaller than the " + p.kernelH() + "x" + p.kernelW() + " window, got " + p);
    }
    int n = x.shape().dim(0);
    int h = x.shape().dim(1);
    int w = x.shape().dim(2);
    int c = x.shape().dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    if (oh < 1 || ow < 1) {
      throw args.error("the " + p.kernelH() + "x" + p.kernelW() + " window does not fit input " + x.shape());
    }
    args.requireShape("y", y, Shape.nhwc(n, oh, ow, c));

    // A scratch result keeps the pool correct even if a caller passes the same tensor as x and y.
    float[] out = new float[ys.length];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int realCells = 0;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky;
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                float v = xs[((b * h + iy) * w + ix) * c + ch];
                acc = max ? Math.max(acc, v) : acc + v;
                realCells++;
              }
            }
            int divisor = p.countPadding() ? p.kernelH() * p.kernelW() : realCells;
            out[((b * oh + oy) * ow + ox) * c + ch] = (float) (max ? acc : acc / divisor);
          }
        }
      }
    }
    System.arraycopy(out, 0, ys, 0, out.length);
  }
}
