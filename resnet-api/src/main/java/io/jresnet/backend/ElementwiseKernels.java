package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Elementwise and data-movement kernels. Outputs may alias inputs of the same shape unless noted. */
public interface ElementwiseKernels {
  /** {@code y = max(x, 0)}. */
  void relu(Tensor x, Tensor y);

  /** {@code y = a + b}, same shapes; optionally followed by ReLU. */
  void add(Tensor a, Tensor b, boolean relu, Tensor y);

  /** Zero padding of H and W: {@code [N, H, W, C] -> [N, top+H+bottom, left+W+right, C]}; no aliasing. */
  void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y);

  /** Softmax over the last axis, numerically stable (max subtracted). */
  void softmax(Tensor x, Tensor y);

  /** Copies the elements of {@code x} into {@code y} (same element count, any shapes): reshape and flatten. */
  void copy(Tensor x, Tensor y);

  /** Sets every element of {@code t} to {@code value}. */
  void fill(Tensor t, float value);
}
