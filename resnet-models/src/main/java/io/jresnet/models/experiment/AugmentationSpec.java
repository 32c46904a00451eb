package io.jresnet.models.experiment;

import java.util.List;

/**
 * How training images are turned into model input; test images get only the scaling and normalisation.
 *
 * @param cropPadding pad each side by this many zero pixels, then crop a random window of the original size (0: off)
 * @param horizontalFlip mirror half of the training images, at random
 * @param scale pixel values (0..255) are multiplied by this first (1/255 gives 0..1)
 * @param mean subtracted per channel after scaling; one value per input channel
 * @param std divided per channel after subtracting the mean; one positive value per input channel
 */
public record AugmentationSpec(
    int cropPadding, boolean horizontalFlip, double scale, List<Double> mean, List<Double> std) {
  public AugmentationSpec {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be >= 0, got " + cropPadding);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be > 0, got " + scale);
    }
    if (mean.isEmpty() || mean.size() != std.size()) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel, got " + mean.size() + " and " + std.size());
    }
    if (std.stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("std values must be > 0, got " + std);
    }
  }
}
