package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Fully-connected kernels. */
public interface DenseKernels {
  /**
   * {@code y = x · weight + bias}.
   *
   * @param x {@code [N, in]}
   * @param weight {@code [in, out]}
   * @param bias {@code [out]}, or null
   * @param y {@code [N, out]}
   */
  void dense(Tensor x, Tensor weight, Tensor bias, Tensor y);
}
