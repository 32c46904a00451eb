package io.jresnet.train;

import io.jresnet.tensor.Tensor;

/** A classification loss over a batch of logits, computed by the logits' backend. */
public interface Loss {
  /**
   * The mean loss over the batch, and optionally its gradient and the predicted probabilities.
   *
   * @param logits {@code [N, K]}
   * @param labels N class indices in {@code [0, K)}
   * @param dLogits {@code [N, K]}, fully overwritten with the gradient of the mean loss; or null for evaluation
   * @param probabilities {@code [N, K]}, fully overwritten with the softmax (for metrics); or null
   * @throws IllegalArgumentException if shapes or labels do not fit, naming the tensor or batch index
   */
  double compute(Tensor logits, int[] labels, Tensor dLogits, Tensor probabilities);
}
