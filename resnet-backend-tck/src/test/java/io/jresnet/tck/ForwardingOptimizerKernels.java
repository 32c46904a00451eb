package io.jresnet.tck;

import io.jresnet.backend.OptimizerKernels;
import io.jresnet.tensor.Tensor;

/** Optimizer kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingOptimizerKernels implements OptimizerKernels {
  private final OptimizerKernels delegate;

  ForwardingOptimizerKernels(OptimizerKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void sgd(
      Tensor param,
      Tensor grad,
      Tensor velocity,
      float lr,
      float momentum,
      float weightDecay,
      boolean nesterov) {
    delegate.sgd(param, grad, velocity, lr, momentum, weightDecay, nesterov);
  }

  @Override
  public void adam(
      Tensor param,
      Tensor grad,
      Tensor m,
      Tensor v,
      float lr,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      long step) {
    delegate.adam(param, grad, m, v, lr, beta1, beta2, epsilon, weightDecay, decoupled, step);
  }
}
