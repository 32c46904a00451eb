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

  /** {@code dx = dy · weightᵀ}: {@code dy [N, out]}, {@code weight [in, out]}, {@code dx [N, in]} fully overwritten. */
  void denseBackwardData(Tensor dy, Tensor weight, Tensor dx);

  /**
   * {@code dWeight = xᵀ · dy} ({@code [in, out]}) and {@code dBias = sum over N of dy} ({@code [out]}, or null), both
   * fully overwritten.
   */
  void denseBackwardWeight(Tensor x, Tensor dy, Tensor dWeight, Tensor dBias);
}
