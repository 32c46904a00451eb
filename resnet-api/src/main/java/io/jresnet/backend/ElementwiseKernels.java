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

  /** {@code dx = y > 0 ? dy : 0}, where {@code y} is the ReLU's output (or its input: the sign is the same). */
  void reluBackward(Tensor y, Tensor dy, Tensor dx);

  /** Crops the padding off a gradient: {@code [N, top+H+bottom, left+W+right, C] -> [N, H, W, C]}; no aliasing. */
  void zeroPad2dBackward(Tensor dy, int top, int bottom, int left, int right, Tensor dx);

  /** {@code y = y + alpha * x} (same element count): accumulates gradients where a tensor feeds several nodes. */
  void axpy(float alpha, Tensor x, Tensor y);

  /** Sum of squares of all elements, in double (gradient norms, weight-decay checks). */
  double sumOfSquares(Tensor t);

  /** Number of NaN or infinite elements (0 means all finite): finds where a NaN first appeared. */
  long countNonFinite(Tensor t);
}
