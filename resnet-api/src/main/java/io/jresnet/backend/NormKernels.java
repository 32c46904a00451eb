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
   * {@link #batchNormTraining} followed by ReLU ({@code y = max(bn(x), 0)}) when {@code relu}: the statistics are
   * those of {@code x}, as unfused. Backends override this with one fused pass; the default runs the unfused kernel
   * and then {@link ElementwiseKernels#relu} in place.
   */
  default void batchNormTraining(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor runningMean,
      Tensor runningVar,
      float epsilon,
      float momentum,
      Tensor savedMean,
      Tensor savedInvStd,
      boolean relu,
      Tensor y) {
    batchNormTraining(x, gamma, beta, runningMean, runningVar, epsilon, momentum, savedMean, savedInvStd, y);
    if (relu) {
      y.backend().elementwise().relu(y, y);
    }
  }

  /**
   * Backward of {@code max(batchNormTraining(x), 0)}: {@link #batchNormBackward} of {@code dy} masked where the
   * fused output {@code reluOutput} is not positive. Backends override this with fused passes; the default masks
   * {@code dy} into {@code dx} with {@link ElementwiseKernels#reluBackward} first.
   *
   * @param reluOutput the fused forward's output, same shape as {@code x}
   * @param dy gradient of the fused output; read only unless it is {@code dx}
   * @param dx gradient of the input, fully overwritten; may be {@code dy}
   */
  default void batchNormReluBackward(
      Tensor reluOutput,
      Tensor dy,
      Tensor x,
      Tensor gamma,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta) {
    dy.backend().elementwise().reluBackward(reluOutput, dy, dx);
    batchNormBackward(dx, x, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
  }

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
