package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Backends with one deliberately broken kernel, each a bug a real backend could have, for {@link
 * ContractSensitivityTest}.
 */
final class BrokenBackends {
  private BrokenBackends() {}

  /** Left and right padding swapped: invisible whenever the padding is symmetric. */
  static Backend swappedPadding() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) ->
            b.inner()
                .conv()
                .conv2d(
                    x,
                    w,
                    bias,
                    new Conv2dParams(
                        p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padRight(),
                        p.padLeft(), p.dilationH(), p.dilationW(), p.groups()),
                    r,
                    relu,
                    y));
  }

  /** Leaves the last output element as it was, like a vector loop that forgets its scalar tail. */
  static Backend lastElementUnwritten() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) -> {
          float[] before = y.copyToHost();
          b.inner().conv().conv2d(x, w, bias, p, r, relu, y);
          float[] after = y.copyToHost();
          after[after.length - 1] = before[before.length - 1];
          y.copyFromHost(after);
        });
  }

  /** Returns silently, doing nothing, when the output tensor has the wrong shape. */
  static Backend uncheckedOutput() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) -> {
          Shape expected = Shape.nhwc(x.shape().dim(0), p.outputH(x.shape().dim(1)), p.outputW(x.shape().dim(2)),
              w.shape().dim(3));
          if (expected.equals(y.shape())) {
            b.inner().conv().conv2d(x, w, bias, p, r, relu, y);
          }
        });
  }

  /** Max pool over an explicitly zero-padded copy: padding reads as 0 and wins over negative inputs. */
  static Backend zeroPaddedMaxPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new PoolKernels() {
          @Override
          public void maxPool2d(Tensor x, Pool2dParams p, Tensor y) {
            Shape s = x.shape();
            int h = s.dim(1) + p.padTop() + p.padBottom();
            int w = s.dim(2) + p.padLeft() + p.padRight();
            Shape padded = Shape.nhwc(s.dim(0), h, w, s.dim(3));
            try (Tensor xp = b.allocate(padded)) {
              b.inner().elementwise().zeroPad2d(x, p.padTop(), p.padBottom(), p.padLeft(), p.padRight(), xp);
              Pool2dParams unpadded =
                  new Pool2dParams(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0, 0, 0, true);
              ref.maxPool2d(xp, unpadded, y);
            }
          }

          @Override
          public void avgPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.avgPool2d(x, p, y);
          }

          @Override
          public void globalAvgPool(Tensor x, Tensor y) {
            ref.globalAvgPool(x, y);
          }
        });
  }

  static Backend alwaysCountingAvgPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new PoolKernels() {
          @Override
          public void maxPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.maxPool2d(x, p, y);
          }

          @Override
          public void avgPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.avgPool2d(
                x,
                new Pool2dParams(
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padLeft(),
                    p.padRight(), true),
                y);
          }

          @Override
          public void globalAvgPool(Tensor x, Tensor y) {
            ref.globalAvgPool(x, y);
          }
        });
  }

  /** Softmax as exp(x) / sum(exp(x)) in float: overflows for logits above ~88. */
  static Backend naiveSoftmax() {
    PatchedBackend b = new PatchedBackend();
    ElementwiseKernels ref = b.inner().elementwise();
    ElementwiseKernels f32 = Float32Kernels.elementwise(b.inner());
    return b.withElementwise(
        new ElementwiseKernels() {
          @Override
          public void relu(Tensor x, Tensor y) {
            ref.relu(x, y);
          }

          @Override
          public void add(Tensor a, Tensor c, boolean relu, Tensor y) {
            ref.add(a, c, relu, y);
          }

          @Override
          public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
            ref.zeroPad2d(x, top, bottom, left, right, y);
          }

          @Override
          public void softmax(Tensor x, Tensor y) {
            f32.softmax(x, y);
            float[] xs = x.copyToHost();
            int width = x.shape().dim(-1);
            float[] ys = new float[xs.length];
            for (int start = 0; start < xs.length; start += width) {
              float sum = 0;
              for (int j = 0; j < width; j++) {
                ys[start + j] = (float) Math.exp(xs[start + j]);
                sum += ys[start + j];
              }
              for (int j = 0; j < width; j++) {
                ys[start + j] /= sum;
              }
            }
            y.copyFromHost(ys);
          }

          @Override
          public void copy(Tensor x, Tensor y) {
            ref.copy(x, y);
          }

          @Override
          public void fill(Tensor t, float value) {
            ref.fill(t, value);
          }
        });
  }

  static Backend droppedResidual() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv((x, w, bias, p, r, relu, y) -> b.inner().conv().conv2d(x, w, bias, p, null, relu, y));
  }

  static Backend epsilonIgnored() {
    PatchedBackend b = new PatchedBackend();
    return b.withNorm(
        (x, g, beta, m, v, eps, relu, y) -> b.inner().norm().batchNormInference(x, g, beta, m, v, 0f, relu, y));
  }

  static Backend biasIgnored() {
    PatchedBackend b = new PatchedBackend();
    return b.withDense((x, w, bias, y) -> b.inner().dense().dense(x, w, null, y));
  }
}
