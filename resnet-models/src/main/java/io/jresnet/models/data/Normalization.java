package io.jresnet.models.data;

import java.util.List;

/**
 * The last step of a loader: each value {@code v} of channel {@code c} becomes {@code (v * scale - mean[c]) /
 * std[c]}, as {@link ImagePreprocessor} does for inference. torchvision's {@code ToTensor(), Normalize(m, s)} on 8-bit
 * data is {@code scale = 1/255, mean = m, std = s}; the Keras notebook's {@code x / 255} is {@code scale = 1/255, mean
 * = [0], std = [1]}.
 *
 * @param scale multiplies each stored value (1/255 maps 0..255 to [0, 1]); positive and finite
 * @param mean one value per channel, or a single value for all channels
 * @param std one positive value per channel, or a single value for all; as many values as {@code mean}
 */
public record Normalization(double scale, List<Double> mean, List<Double> std) {
  /** Values pass unchanged. */
  public static final Normalization IDENTITY = new Normalization(1.0, List.of(0.0), List.of(1.0));

  public Normalization {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
    if (mean.isEmpty() || mean.size() != std.size()) {
      throw new IllegalArgumentException(
          "mean and std need the same number of values (one per channel, or one for all), got " + mean.size()
              + " and " + std.size());
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("std values must be positive and finite, got " + std);
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("mean values must be finite, got " + mean);
      }
    }
  }

  /** {@code x * scale}: the Keras notebook's {@code x / 255} with {@code scale = 1/255}. */
  public static Normalization scaled(double scale) {
    return new Normalization(scale, List.of(0.0), List.of(1.0));
  }

  /** Whether this applies to examples of {@code channels} channels: one value per channel, or one for all. */
  public boolean fits(int channels) {
    return mean.size() == 1 || mean.size() == channels;
  }
}
