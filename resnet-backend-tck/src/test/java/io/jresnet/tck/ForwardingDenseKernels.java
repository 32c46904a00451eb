package io.jresnet.tck;

import io.jresnet.backend.DenseKernels;
import io.jresnet.tensor.Tensor;

/** Dense kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingDenseKernels implements DenseKernels {
  private final DenseKernels delegate;

  ForwardingDenseKernels(DenseKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void dense(Tensor x, Tensor weight, Tensor bias, Tensor y) {
    delegate.dense(x, weight, bias, y);
  }

  @Override
  public void denseBackwardData(Tensor dy, Tensor weight, Tensor dx) {
    delegate.denseBackwardData(dy, weight, dx);
  }

  @Override
  public void denseBackwardWeight(Tensor x, Tensor dy, Tensor dWeight, Tensor dBias) {
    delegate.denseBackwardWeight(x, dy, dWeight, dBias);
  }
}
