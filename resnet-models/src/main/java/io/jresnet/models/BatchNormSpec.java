package io.jresnet.models;

/**
 * Batch normalisation settings shared by every batch-norm layer.
 *
 * @param epsilon added to the variance (1e-5 in PyTorch, 1e-3 in Keras)
 * @param momentum weight of the new batch statistics in the running average, PyTorch's convention (0.1 in PyTorch;
 *     Keras' {@code momentum=0.99} is 0.01 here)
 */
public record BatchNormSpec(double epsilon, double momentum) {
  public static final BatchNormSpec PYTORCH_DEFAULT = new BatchNormSpec(1e-5, 0.1);

  public BatchNormSpec {
    if (!(epsilon > 0) || !(momentum > 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "batch norm needs epsilon > 0 and 0 < momentum < 1, got epsilon=" + epsilon + " momentum=" + momentum);
    }
  }
}
