package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.tensor.Tensor;

/** Conv kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingConvKernels implements ConvKernels {
  private final ConvKernels delegate;

  ForwardingConvKernels(ConvKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void conv2d(
      Tensor x,
      Tensor weight,
      Tensor bias,
      Conv2dParams params,
      Tensor residual,
      boolean relu,
      Tensor y) {
    delegate.conv2d(x, weight, bias, params, residual, relu, y);
  }

  @Override
  public void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams params, Tensor dx) {
    delegate.conv2dBackwardData(dy, weight, params, dx);
  }

  @Override
  public void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams params, Tensor dWeight, Tensor dBias) {
    delegate.conv2dBackwardFilter(x, dy, params, dWeight, dBias);
  }
}
