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

  /**
   * Batch-norm with batch statistics (training mode), PyTorch semantics: the mean and the biased variance over every
   * axis but the last normalise {@code x}; the running statistics move by {@code momentum} towards the batch mean and
   * the UNBIASED batch variance: {@code running = (1 - momentum) * running + momentum * batch}.
   *
   * @param runningMean {@code [C]}, updated in place
   * @param runningVar {@code [C]}, updated in place
   * @param savedMean {@code [C]}, written: the batch mean, for {@link #batchNormBackward}
   * @param savedInvStd {@code [C]}, written: {@code 1 / sqrt(biased batch variance + epsilon)}
   * @param y output, same shape as {@code x}; must not be {@code x}
   */
  void batchNormTraining(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor runningMean,
      Tensor runningVar,
      float epsilon,
      float momentum,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor y);

  /**
   * Backward of {@link #batchNormTraining} through the batch statistics.
   *
   * @param dy gradient of the output, same shape as {@code x}
   * @param x the forward input
   * @param dx gradient of the input, fully overwritten; may be {@code dy}
   * @param dGamma {@code [C]}, fully overwritten
   * @param dBeta {@code [C]}, fully overwritten
   */
  void batchNormBackward(
      Tensor dy,
      Tensor x,
      Tensor gamma,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta);
}
