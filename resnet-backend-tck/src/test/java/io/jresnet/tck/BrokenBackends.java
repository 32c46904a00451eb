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
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2d(
              Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor r, boolean relu, Tensor y) {
            Conv2dParams swapped =
                new Conv2dParams(
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padRight(),
                    p.padLeft(), p.dilationH(), p.dilationW(), p.groups());
            super.conv2d(x, w, bias, swapped, r, relu, y);
          }
        });
  }

  /** Leaves the last output element as it was, like a vector loop that forgets its scalar tail. */
  static Backend lastElementUnwritten() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2d(
              Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor r, boolean relu, Tensor y) {
            float[] before = y.copyToHost();
            super.conv2d(x, w, bias, p, r, relu, y);
            float[] after = y.copyToHost();
            after[after.length - 1] = before[before.length - 1];
            y.copyFromHost(after);
          }
        });
  }

  /** Returns silently, doing nothing, when the output tensor has the wrong shape. */
  static Backend uncheckedOutput() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2d(
              Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor r, boolean relu, Tensor y) {
            Shape expected = Shape.nhwc(x.shape().dim(0), p.outputH(x.shape().dim(1)), p.outputW(x.shape().dim(2)),
                w.shape().dim(3));
            if (expected.equals(y.shape())) {
              super.conv2d(x, w, bias, p, r, relu, y);
            }
          }
        });
  }

  /** Max pool over an explicitly zero-padded copy: padding reads as 0 and wins over negative inputs. */
  static Backend zeroPaddedMaxPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new ForwardingPoolKernels(ref) {
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
        });
  }

  static Backend alwaysCountingAvgPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new ForwardingPoolKernels(ref) {
          @Override
          public void avgPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.avgPool2d(
                x,
                new Pool2dParams(
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padLeft(),
                    p.padRight(), true),
                y);
          }
        });
  }

  /** Softmax as exp(x) / sum(exp(x)) in float: overflows for logits above ~88. */
  static Backend naiveSoftmax() {
    PatchedBackend b = new PatchedBackend();
    ElementwiseKernels f32 = Float32Kernels.elementwise(b.inner());
    return b.withElementwise(
        new ForwardingElementwiseKernels(b.inner().elementwise()) {

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
        });
  }

  static Backend droppedResidual() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2d(
              Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor r, boolean relu, Tensor y) {
            super.conv2d(x, w, bias, p, null, relu, y);
          }
        });
  }

  static Backend epsilonIgnored() {
    PatchedBackend b = new PatchedBackend();
    return b.withNorm(
        new ForwardingNormKernels(b.inner().norm()) {
          @Override
          public void batchNormInference(
              Tensor x, Tensor g, Tensor beta, Tensor m, Tensor v, float eps, boolean relu, Tensor y) {
            super.batchNormInference(x, g, beta, m, v, 0f, relu, y);
          }
        });
  }

  static Backend biasIgnored() {
    PatchedBackend b = new PatchedBackend();
    return b.withDense(
        new ForwardingDenseKernels(b.inner().dense()) {
          @Override
          public void dense(Tensor x, Tensor w, Tensor bias, Tensor y) {
            super.dense(x, w, null, y);
          }
        });
  }
}
