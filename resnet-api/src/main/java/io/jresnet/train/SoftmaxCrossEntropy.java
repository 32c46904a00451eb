package io.jresnet.train;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Objects;

/**
 * Softmax followed by cross-entropy, fused on the backend ({@link io.jresnet.backend.LossKernels#softmaxCrossEntropy}),
 * as PyTorch's {@code CrossEntropyLoss(label_smoothing=...)} with mean reduction and Keras's categorical
 * cross-entropy on softmax outputs.
 *
 * @param labelSmoothing in {@code [0, 1)}: the target puts {@code 1 - labelSmoothing} on the label and spreads
 *     {@code labelSmoothing} evenly over all classes
 */
public record SoftmaxCrossEntropy(float labelSmoothing) implements Loss {
  public SoftmaxCrossEntropy {
    HyperParameters.requireFraction("softmax cross-entropy: label smoothing", labelSmoothing);
  }

  /** Without label smoothing. */
  public static SoftmaxCrossEntropy plain() {
    return new SoftmaxCrossEntropy(0f);
  }

  @Override
  public double compute(Tensor logits, int[] labels, Tensor dLogits, Tensor probabilities) {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(labels, "labels");
    Shape shape = logits.shape();
    if (shape.rank() != 2) {
      throw new IllegalArgumentException("softmax cross-entropy: logits must be [N, K], got shape " + shape);
    }
    int batch = shape.dim(0);
    int classes = shape.dim(1);
    if (labels.length != batch) {
      throw new IllegalArgumentException(
          "softmax cross-entropy: " + labels.length + " labels for a batch of " + batch + " logits " + shape);
    }
    for (int n = 0; n < batch; n++) {
      if (labels[n] < 0 || labels[n] >= classes) {
        throw new IllegalArgumentException(
            "softmax cross-entropy: label at batch index " + n + " is " + labels[n] + ", outside [0, " + classes
                + ")");
      }
    }
    requireShape("dLogits", dLogits, shape);
    requireShape("probabilities", probabilities, shape);
    return logits.backend().loss().softmaxCrossEntropy(logits, labels, labelSmoothing, dLogits, probabilities);
  }

  private static void requireShape(String name, Tensor t, Shape expected) {
    if (t != null && !t.shape().equals(expected)) {
      throw new IllegalArgumentException(
          "softmax cross-entropy: " + name + " must have the logits' shape " + expected + ", got " + t.shape());
    }
  }
}
