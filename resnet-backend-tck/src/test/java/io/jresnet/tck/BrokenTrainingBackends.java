package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Tensor;

/**
 * Backends with one deliberately broken training kernel, each a bug a real backend could have, for {@link
 * TrainingContractSensitivityTest}.
 */
final class BrokenTrainingBackends {
  private BrokenTrainingBackends() {}

  /** conv2dBackwardData with left and right padding swapped: invisible whenever the padding is symmetric. */
  static Backend swappedPaddingBackwardData() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams p, Tensor dx) {
            Conv2dParams swapped =
                new Conv2dParams(
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padRight(),
                    p.padLeft(), p.dilationH(), p.dilationW(), p.groups());
            super.conv2dBackwardData(dy, weight, swapped, dx);
          }
        });
  }

  /** conv2dBackwardFilter that forgets to write the bias gradient. */
  static Backend unwrittenBiasGradient() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        new ForwardingConvKernels(b.inner().conv()) {
          @Override
          public void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams p, Tensor dWeight, Tensor dBias) {
            super.conv2dBackwardFilter(x, dy, p, dWeight, null);
          }
        });
  }

  /** Running variance moved towards the biased batch variance instead of the unbiased one. */
  static Backend biasedRunningVariance() {
    PatchedBackend b = new PatchedBackend();
    return b.withNorm(
        new ForwardingNormKernels(b.inner().norm()) {
          @Override
          public void batchNormTraining(
              Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float epsilon,
              float momentum, Tensor savedMean, Tensor savedInvStd, Tensor y) {
            float[] before = runningVar.copyToHost();
            super.batchNormTraining(
                x, gamma, beta, runningMean, runningVar, epsilon, momentum, savedMean, savedInvStd, y);
            float[] invStd = savedInvStd.copyToHost();
            for (int c = 0; c < before.length; c++) {
              double biased = 1 / ((double) invStd[c] * invStd[c]) - epsilon;
              before[c] = (float) ((1 - momentum) * before[c] + momentum * biased);
            }
            runningVar.copyFromHost(before);
          }
        });
  }

  /** batchNormBackward as if mean and variance were constants: {@code dx = gamma * invStd * dy}. */
  static Backend batchNormBackwardIgnoringBatchStatistics() {
    PatchedBackend b = new PatchedBackend();
    return b.withNorm(
        new ForwardingNormKernels(b.inner().norm()) {
          @Override
          public void batchNormBackward(
              Tensor dy, Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor dx, Tensor dGamma,
              Tensor dBeta) {
            float[] g = dy.copyToHost();
            super.batchNormBackward(dy, x, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
            float[] gs = gamma.copyToHost();
            float[] is = savedInvStd.copyToHost();
            for (int i = 0; i < g.length; i++) {
              g[i] *= gs[i % gs.length] * is[i % gs.length];
            }
            dx.copyFromHost(g);
          }
        });
  }

  /** maxPool2dBackward crediting the LAST maximum of a window ({@code >=} where PyTorch uses {@code >}). */
  static Backend maxPoolBackwardCreditingTheLastTie() {
    PatchedBackend b = new PatchedBackend();
    return b.withPool(
        new ForwardingPoolKernels(b.inner().pool()) {
          @Override
          public void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams p, Tensor dx) {
            super.maxPool2dBackward(x, dy, p, dx); // validates
            float[] xs = x.copyToHost();
            float[] dys = dy.copyToHost();
            int n = x.shape().dim(0);
            int h = x.shape().dim(1);
            int w = x.shape().dim(2);
            int c = x.shape().dim(3);
            int oh = p.outputH(h);
            int ow = p.outputW(w);
            float[] out = new float[xs.length];
            for (int o = 0; o < dys.length; o++) {
              int ch = o % c;
              int ox = (o / c) % ow;
              int oy = (o / c / ow) % oh;
              int bi = o / c / ow / oh;
              int best = -1;
              for (int ky = 0; ky < p.kernelH(); ky++) {
                for (int kx = 0; kx < p.kernelW(); kx++) {
                  int iy = oy * p.strideH() - p.padTop() + ky;
                  int ix = ox * p.strideW() - p.padLeft() + kx;
                  int at = ((bi * h + iy) * w + ix) * c + ch;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w && (best < 0 || xs[at] >= xs[best])) {
                    best = at;
                  }
                }
              }
              out[best] += dys[o];
            }
            dx.copyFromHost(out);
          }
        });
  }

  /** Loss with label smoothing, but the gradient of the unsmoothed loss. */
  static Backend crossEntropyGradientIgnoringSmoothing() {
    PatchedBackend b = new PatchedBackend();
    return b.withLoss(
        new ForwardingLossKernels(b.inner().loss()) {
          @Override
          public double softmaxCrossEntropy(
              Tensor logits, int[] labels, float labelSmoothing, Tensor dLogits, Tensor probabilities) {
            super.softmaxCrossEntropy(logits, labels, 0f, dLogits, probabilities);
            return super.softmaxCrossEntropy(logits, labels, labelSmoothing, null, null);
          }
        });
  }

  /** SGD that silently treats Nesterov momentum as classical momentum. */
  static Backend sgdIgnoringNesterov() {
    PatchedBackend b = new PatchedBackend();
    return b.withOptimizer(
        new ForwardingOptimizerKernels(b.inner().optimizer()) {
          @Override
          public void sgd(
              Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
              boolean nesterov) {
            super.sgd(param, grad, velocity, lr, momentum, weightDecay, false);
          }
        });
  }

  /** Adam without bias correction (a huge step count makes {@code 1 - beta^step} equal 1). */
  static Backend adamWithoutBiasCorrection() {
    PatchedBackend b = new PatchedBackend();
    return b.withOptimizer(
        new ForwardingOptimizerKernels(b.inner().optimizer()) {
          @Override
          public void adam(
              Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float epsilon,
              float weightDecay, boolean decoupled, long step) {
            super.adam(param, grad, m, v, lr, beta1, beta2, epsilon, weightDecay, decoupled, 1_000_000_000L);
          }
        });
  }
}
