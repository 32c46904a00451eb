package io.jresnet.tck;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Tensor;

/** Pool kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingPoolKernels implements PoolKernels {
  private final PoolKernels delegate;

  ForwardingPoolKernels(PoolKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void maxPool2d(Tensor x, Pool2dParams params, Tensor y) {
    delegate.maxPool2d(x, params, y);
  }

  @Override
  public void avgPool2d(Tensor x, Pool2dParams params, Tensor y) {
    delegate.avgPool2d(x, params, y);
  }

  @Override
  public void globalAvgPool(Tensor x, Tensor y) {
    delegate.globalAvgPool(x, y);
  }

  @Override
  public void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams params, Tensor dx) {
    delegate.maxPool2dBackward(x, dy, params, dx);
  }

  @Override
  public void avgPool2dBackward(Tensor dy, Pool2dParams params, Tensor dx) {
    delegate.avgPool2dBackward(dy, params, dx);
  }

  @Override
  public void globalAvgPoolBackward(Tensor dy, Tensor dx) {
    delegate.globalAvgPoolBackward(dy, dx);
  }
}
