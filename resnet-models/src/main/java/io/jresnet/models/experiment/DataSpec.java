package io.jresnet.models.experiment;

import java.util.Objects;

/**
 * The data of an experiment.
 *
 * @param kind the format of both splits
 * @param train the training split
 * @param test the split evaluated after each epoch (validation) and by {@code resnet eval}
 * @param trainLimit use only the first this many training samples (0: all), for quick runs
 * @param testLimit use only the first this many test samples (0: all)
 * @param augmentation preprocessing and augmentation
 */
public record DataSpec(
    DatasetKind kind, DataSource train, DataSource test, int trainLimit, int testLimit, AugmentationSpec augmentation) {
  public DataSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(augmentation, "augmentation");
    if (trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("limits must be >= 0 (0: all), got " + trainLimit + " and " + testLimit);
    }
  }
}
