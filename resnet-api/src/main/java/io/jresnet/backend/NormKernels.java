package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Normalisation kernels; per-channel vectors are over the last (C) axis of NHWC tensors. */
public interface NormKernels {
  /**
   * Batch-norm with running statistics: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}, optionally
   * followed by ReLU.
   *
   * @param x input of any rank, channels last, {@code [..., C]}
   * @param gamma {@code [C]}
   * @param beta {@code [C]}
   * @param mean running mean {@code [C]}
   * @param var running variance {@code [C]}
   * @param y output, same shape as {@code x}; may be {@code x} itself
   */
  void batchNormInference(
      Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float epsilon, boolean relu, Tensor y);
}
