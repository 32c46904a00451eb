package io.jresnet.models.golden.train;

import java.util.Objects;

/**
 * One recorded SGD step of a golden training case.
 *
 * @param input the NHWC float32 batch, a file name under {@code golden/train/}
 * @param inputSha256 the batch file's SHA-256
 * @param labels the batch's class indices
 * @param lr the learning rate of this step
 * @param loss the mean softmax cross-entropy PyTorch computed in float64 on the weights before this step
 */
record TrainingStepFixture(String input, String inputSha256, int[] labels, float lr, double loss) {
  TrainingStepFixture {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputSha256, "inputSha256");
    labels = labels.clone();
    if (!(lr >= 0) || !Double.isFinite(loss)) {
      throw new IllegalArgumentException("training step on " + input + ": lr " + lr + " and loss " + loss
          + " must be finite, lr >= 0");
    }
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }
}
