package io.jresnet.tck;

import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.tensor.Tensor;

/** Elementwise kernels that pass every call to a delegate: tests override the one method they break or replace. */
class ForwardingElementwiseKernels implements ElementwiseKernels {
  private final ElementwiseKernels delegate;

  ForwardingElementwiseKernels(ElementwiseKernels delegate) {
    this.delegate = delegate;
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    delegate.relu(x, y);
  }

  @Override
  public void add(Tensor a, Tensor b, boolean relu, Tensor y) {
    delegate.add(a, b, relu, y);
  }

  @Override
  public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
    delegate.zeroPad2d(x, top, bottom, left, right, y);
  }

  @Override
  public void softmax(Tensor x, Tensor y) {
    delegate.softmax(x, y);
  }

  @Override
  public void copy(Tensor x, Tensor y) {
    delegate.copy(x, y);
  }

  @Override
  public void fill(Tensor t, float value) {
    delegate.fill(t, value);
  }

  @Override
  public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
    delegate.reluBackward(y, dy, dx);
  }

  @Override
  public void zeroPad2dBackward(Tensor dy, int top, int bottom, int left, int right, Tensor dx) {
    delegate.zeroPad2dBackward(dy, top, bottom, left, right, dx);
  }

  @Override
  public void axpy(float alpha, Tensor x, Tensor y) {
    delegate.axpy(alpha, x, y);
  }

  @Override
  public double sumOfSquares(Tensor t) {
    return delegate.sumOfSquares(t);
  }

  @Override
  public long countNonFinite(Tensor t) {
    return delegate.countNonFinite(t);
  }
}
