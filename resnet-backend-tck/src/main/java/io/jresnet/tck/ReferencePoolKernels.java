package io.jresnet.tck;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Window pools and their gradients, one output element at a time; padded cells are skipped, never read as zeros.
 * The backward kernels visit each window exactly as the forward pass does and accumulate in {@code double}.
 */
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

  @Override
  public void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams params, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "maxPool2dBackward");
    float[] xs = args.data("x", x);
    float[] dys = args.data("dy", dy);
    float[] dxs = args.data("dx", dx);
    Shape out = outputShape(args, "x", x.shape(), params);
    args.requireShape("dy", dy, out);
    args.requireShape("dx", dx, x.shape());
    backward(x.shape(), params, dys, xs, dxs);
  }

  @Override
  public void avgPool2dBackward(Tensor dy, Pool2dParams params, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "avgPool2dBackward");
    float[] dys = args.data("dy", dy);
    float[] dxs = args.data("dx", dx);
    Shape out = outputShape(args, "dx", dx.shape(), params);
    args.requireShape("dy", dy, out);
    backward(dx.shape(), params, dys, null, dxs);
  }

  @Override
  public void globalAvgPoolBackward(Tensor dy, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "globalAvgPoolBackward");
    float[] dys = args.data("dy", dy);
    float[] dxs = args.data("dx", dx);
    args.requireRank("dx", dx, 4, "NHWC [N, H, W, C]");
    int n = dx.shape().dim(0);
    int cells = dx.shape().dim(1) * dx.shape().dim(2);
    int c = dx.shape().dim(3);
    args.requireShape("dy", dy, Shape.of(n, c));
    if (cells == 0) {
      throw args.error("dx " + dx.shape() + " has no spatial cells to spread over");
    }
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        float share = (float) ((double) dys[b * c + ch] / cells);
        for (int cell = 0; cell < cells; cell++) {
          dxs[(b * cells + cell) * c + ch] = share;
        }
      }
    }
  }

  private void pool(String kernel, Tensor x, Pool2dParams p, Tensor y, boolean max) {
    ReferenceArgs args = new ReferenceArgs(backend, kernel);
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    args.requireShape("y", y, outputShape(args, "x", x.shape(), p));
    int n = x.shape().dim(0);
    int h = x.shape().dim(1);
    int w = x.shape().dim(2);
    int c = x.shape().dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);

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

  /**
   * Routes every {@code dy} element into {@code dx} (shape {@code in}): with {@code xs} given, all of it to the
   * window's first maximum in row-major order (strictly greater replaces, so ties keep the earlier cell, as
   * PyTorch does); without, an equal share to each real cell with the forward pass's divisor.
   */
  private static void backward(Shape in, Pool2dParams p, float[] dys, float[] xs, float[] dxs) {
    int n = in.dim(0);
    int h = in.dim(1);
    int w = in.dim(2);
    int c = in.dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    double[] acc = new double[dxs.length];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            double grad = dys[((b * oh + oy) * ow + ox) * c + ch];
            int best = -1;
            int realCells = 0;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky;
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                int at = ((b * h + iy) * w + ix) * c + ch;
                realCells++;
                if (xs != null && (best < 0 || xs[at] > xs[best])) {
                  best = at;
                }
              }
            }
            if (xs != null) {
              acc[best] += grad;
              continue;
            }
            double share = grad / (p.countPadding() ? p.kernelH() * p.kernelW() : realCells);
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky;
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  acc[((b * h + iy) * w + ix) * c + ch] += share;
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < dxs.length; i++) {
      dxs[i] = (float) acc[i];
    }
  }

  /** Checks the window against the input-side shape ({@code x} or {@code dx}) and returns the output shape. */
  private static Shape outputShape(ReferenceArgs args, String role, Shape in, Pool2dParams p) {
    if (p == null) {
      throw args.error("params must not be null");
    }
    if (in.rank() != 4) {
      throw args.error(role + " must be NHWC [N, H, W, C], got shape " + in);
    }
    // With padding below the kernel size every window holds at least one real cell, so a max is always defined
    // and an average that excludes padding never divides by zero.
    if (p.padTop() >= p.kernelH()
        || p.padBottom() >= p.kernelH()
        || p.padLeft() >= p.kernelW()
        || p.padRight() >= p.kernelW()) {
      throw args.error("padding must be smaller than the " + p.kernelH() + "x" + p.kernelW() + " window, got " + p);
    }
    int oh = p.outputH(in.dim(1));
    int ow = p.outputW(in.dim(2));
    if (oh < 1 || ow < 1) {
      throw args.error("the " + p.kernelH() + "x" + p.kernelW() + " window does not fit input " + in);
    }
    return Shape.nhwc(in.dim(0), oh, ow, in.dim(3));
  }
}
