package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Loss kernels. */
public interface LossKernels {
  /**
   * Softmax followed by cross-entropy against integer labels, fused and numerically stable (log-sum-exp with the
   * row maximum subtracted), with label smoothing as in PyTorch: the target puts {@code 1 - smoothing} on the label
   * and spreads {@code smoothing} evenly over all K classes.
   *
   * @param logits {@code [N, K]}
   * @param labels N class indices in {@code [0, K)}
   * @param labelSmoothing in {@code [0, 1)}
   * @param dLogits {@code [N, K]}, fully overwritten with the gradient of the MEAN loss: {@code (softmax - target)/N};
   *     or null when only the loss is wanted
   * @param probabilities {@code [N, K]} softmax output, fully overwritten (for accuracy metrics); or null
   * @return the mean loss over the batch
   */
  double softmaxCrossEntropy(
      Tensor logits, int[] labels, float labelSmoothing, Tensor dLogits, Tensor probabilities);
}
