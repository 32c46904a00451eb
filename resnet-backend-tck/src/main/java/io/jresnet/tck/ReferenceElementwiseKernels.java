package io.jresnet.tck;

import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;

/** Elementwise and data-movement kernels; each reads an element before writing it, so outputs may alias inputs. */
final class ReferenceElementwiseKernels implements ElementwiseKernels {
  private final ReferenceBackend backend;

  ReferenceElementwiseKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "relu");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    args.requireShape("y", y, x.shape());
    for (int i = 0; i < xs.length; i++) {
      ys[i] = Math.max(xs[i], 0f);
    }
  }

  @Override
  public void add(Tensor a, Tensor b, boolean relu, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "add");
    float[] as = args.data("a", a);
    float[] bs = args.data("b", b);
    float[] ys = args.data("y", y);
    args.requireShape("b", b, a.shape());
    args.requireShape("y", y, a.shape());
    for (int i = 0; i < as.length; i++) {
      double sum = (double) as[i] + bs[i];
      ys[i] = (float) (relu ? Math.max(sum, 0) : sum);
    }
  }

  @Override
  public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "zeroPad2d");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    args.requireRank("x", x, 4, "NHWC [N, H, W, C]");
    args.requirePadding(top, bottom, left, right);
    if (x == y) {
      throw args.error("y must not be the same tensor as x");
    }
    int n = x.shape().dim(0);
    int h = x.shape().dim(1);
    int w = x.shape().dim(2);
    int c = x.shape().dim(3);
    int oh = top + h + bottom;
    int ow = left + w + right;
    args.requireShape("y", y, Shape.nhwc(n, oh, ow, c));
    Arrays.fill(ys, 0f);
    for (int b = 0; b < n; b++) {
      for (int iy = 0; iy < h; iy++) {
        int src = ((b * h + iy) * w) * c;
        int dst = ((b * oh + iy + top) * ow + left) * c;
        System.arraycopy(xs, src, ys, dst, w * c);
      }
    }
  }

  @Override
  public void softmax(Tensor x, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "softmax");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    if (x.shape().rank() < 1) {
      throw args.error("x must have at least one axis, got shape " + x.shape());
    }
    args.requireShape("y", y, x.shape());
    int width = x.shape().dim(-1);
    double[] exps = new double[width];
    for (int start = 0; start < xs.length; start += width) {
      // Subtracting the row maximum keeps exp() finite for any float input.
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < width; j++) {
        max = Math.max(max, xs[start + j]);
      }
      double sum = 0;
      for (int j = 0; j < width; j++) {
        exps[j] = Math.exp(xs[start + j] - max);
        sum += exps[j];
      }
      for (int j = 0; j < width; j++) {
        ys[start + j] = (float) (exps[j] / sum);
      }
    }
  }

  @Override
  public void copy(Tensor x, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "copy");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    if (xs.length != ys.length) {
      throw args.error(
          "y has shape "
              + y.shape()
              + " ("
              + ys.length
              + " elements), expected "
              + xs.length
              + " elements like x "
              + x.shape());
    }
    System.arraycopy(xs, 0, ys, 0, xs.length);
  }

  @Override
  public void fill(Tensor t, float value) {
    float[] ts = new ReferenceArgs(backend, "fill").data("t", t);
    Arrays.fill(ts, value);
  }

  @Override
  public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "reluBackward");
    float[] ys = args.data("y", y);
    float[] dys = args.data("dy", dy);
    float[] dxs = args.data("dx", dx);
    args.requireShape("dy", dy, y.shape());
    args.requireShape("dx", dx, y.shape());
    for (int i = 0; i < ys.length; i++) {
      dxs[i] = ys[i] > 0 ? dys[i] : 0f;
    }
  }

  @Override
  public void zeroPad2dBackward(Tensor dy, int top, int bottom, int left, int right, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "zeroPad2dBackward");
    float[] dys = args.data("dy", dy);
    float[] dxs = args.data("dx", dx);
    args.requireRank("dx", dx, 4, "NHWC [N, H, W, C]");
    args.requirePadding(top, bottom, left, right);
    if (dx == dy) {
      throw args.error("dx must not be the same tensor as dy");
    }
    int n = dx.shape().dim(0);
    int h = dx.shape().dim(1);
    int w = dx.shape().dim(2);
    int c = dx.shape().dim(3);
    int ph = top + h + bottom;
    int pw = left + w + right;
    args.requireShape("dy", dy, Shape.nhwc(n, ph, pw, c));
    for (int b = 0; b < n; b++) {
      for (int iy = 0; iy < h; iy++) {
        int src = ((b * ph + iy + top) * pw + left) * c;
        int dst = ((b * h + iy) * w) * c;
        System.arraycopy(dys, src, dxs, dst, w * c);
      }
    }
  }

  @Override
  public void axpy(float alpha, Tensor x, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "axpy");
    float[] xs = args.data("x", x);
    float[] ys = args.data("y", y);
    if (xs.length != ys.length) {
      throw args.error(
          "y has shape "
              + y.shape()
              + " ("
              + ys.length
              + " elements), expected "
              + xs.length
              + " elements like x "
              + x.shape());
    }
    for (int i = 0; i < xs.length; i++) {
      ys[i] = (float) (ys[i] + (double) alpha * xs[i]);
    }
  }

  @Override
  public double sumOfSquares(Tensor t) {
    float[] ts = new ReferenceArgs(backend, "sumOfSquares").data("t", t);
    double sum = 0;
    for (float v : ts) {
      sum += (double) v * v;
    }
    return sum;
  }

  @Override
  public long countNonFinite(Tensor t) {
    float[] ts = new ReferenceArgs(backend, "countNonFinite").data("t", t);
    long count = 0;
    for (float v : ts) {
      if (!Float.isFinite(v)) {
        count++;
      }
    }
    return count;
  }
}
