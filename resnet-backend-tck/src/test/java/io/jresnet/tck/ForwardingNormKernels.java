package io.jresnet.tck;

import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Tensor;

/** Norm kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingNormKernels implements NormKernels {
  private final NormKernels delegate;

  ForwardingNormKernels(NormKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void batchNormInference(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor mean,
      Tensor var,
      float epsilon,
      boolean relu,
      Tensor y) {
    delegate.batchNormInference(x, gamma, beta, mean, var, epsilon, relu, y);
  }

  @Override
  public void batchNormTraining(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor runningMean,
      Tensor runningVar,
      float epsilon,
      float momentum,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor y) {
    delegate.batchNormTraining(x, gamma, beta, runningMean, runningVar, epsilon, momentum, savedMean, savedInvStd, y);
  }

  @Override
  public void batchNormBackward(
      Tensor dy,
      Tensor x,
      Tensor gamma,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta) {
    delegate.batchNormBackward(dy, x, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
  }
}
