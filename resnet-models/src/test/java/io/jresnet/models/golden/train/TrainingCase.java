package io.jresnet.models.golden.train;

import io.jresnet.train.SgdParams;
import java.util.List;
import java.util.Objects;

/**
 * A golden training case of {@code golden/train/manifest.json}, written by {@code tools/golden/train_step.py}: a zoo
 * model with counter-formula weights trained for a few SGD steps, the checksums of every tensor's update after each
 * step, and the whole final update of the small tensors.
 *
 * @param model the zoo name
 * @param classes the classifier width the case overrides the zoo's with
 * @param batchShape the NHWC batch shape of every step
 * @param labelSmoothing of the softmax cross-entropy
 * @param bnMomentum the batch-norm momentum PyTorch ran with (PyTorch convention), which must be the zoo spec's
 * @param sgd momentum, weight decay and Nesterov flag; the learning rate is per step
 * @param steps the steps in order
 * @param checksums the checksum file, {@code MODEL-checksums.json}
 * @param checksumsSha256 its SHA-256
 * @param fullDeltas the float32 final deltas of the 1-D tensors and of {@code fc.*}, {@code MODEL-full-deltas.npy}
 * @param fullDeltasSha256 its SHA-256
 */
record TrainingCase(
    String model,
    int classes,
    int[] batchShape,
    float labelSmoothing,
    double bnMomentum,
    SgdParams sgd,
    List<TrainingStepFixture> steps,
    String checksums,
    String checksumsSha256,
    String fullDeltas,
    String fullDeltasSha256) {
  TrainingCase {
    Objects.requireNonNull(model, "model");
    batchShape = batchShape.clone();
    if (batchShape.length != 4) {
      throw new IllegalArgumentException("training case " + model + ": the batch shape must be NHWC");
    }
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("training case " + model + " has no steps");
    }
  }

  @Override
  public int[] batchShape() {
    return batchShape.clone();
  }

  @Override
  public String toString() {
    return model + " (" + classes + " classes, " + steps.size() + " steps)";
  }
}
