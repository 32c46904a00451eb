package io.jresnet.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an image file becomes model input. Pixels (8-bit RGB, or luma for one-channel models) are resized, centre
 * cropped, then each channel {@code c} becomes {@code (pixel * scale - mean[c]) / std[c]}. torchvision's ImageNet
 * preprocessing is {@code shorter_side 256, crop 224, scale 1/255, mean [0.485, 0.456, 0.406], std [0.229, 0.224,
 * 0.225]}.
 *
 * @param resize the resize step
 * @param crop the centre crop after it; required after a {@link ShorterSideResize} so that every image ends up the
 *     same size
 * @param interpolation the resampling filter of the resize
 * @param scale multiplies the 0..255 pixel value (1/255 maps it to [0, 1])
 * @param mean subtracted per channel after scaling; one value per input channel
 * @param std divides per channel after subtracting the mean; one positive value per input channel
 */
public record PreprocessingSpec(
    ResizeSpec resize,
    Optional<CropSpec> crop,
    Interpolation interpolation,
    double scale,
    List<Double> mean,
    List<Double> std) {

  public PreprocessingSpec {
    Objects.requireNonNull(resize, "resize");
    Objects.requireNonNull(crop, "crop");
    Objects.requireNonNull(interpolation, "interpolation");
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
    if (mean.size() != std.size() || mean.isEmpty()) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel, got " + mean.size() + " and " + std.size());
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be positive, got " + std);
      }
    }
    if (resize instanceof ShorterSideResize && crop.isEmpty()) {
      throw new IllegalArgumentException("a shorter-side resize needs a crop so that every image has the same size");
    }
    int minHeight = resize instanceof ExactResize e ? e.height() : ((ShorterSideResize) resize).size();
    int minWidth = resize instanceof ExactResize e ? e.width() : ((ShorterSideResize) resize).size();
    crop.ifPresent(
        c -> {
          if (c.height() > minHeight || c.width() > minWidth) {
            throw new IllegalArgumentException(
                "crop " + c.height() + "x" + c.width() + " is larger than the resized image " + minHeight + "x"
                    + minWidth);
          }
        });
  }

  /** Rows of the preprocessed image: the crop's, else the exact resize's. */
  public int outputHeight() {
    return crop.map(CropSpec::height).orElseGet(() -> ((ExactResize) resize).height());
  }

  /** Columns of the preprocessed image: the crop's, else the exact resize's. */
  public int outputWidth() {
    return crop.map(CropSpec::width).orElseGet(() -> ((ExactResize) resize).width());
  }

  /** Channels the preprocessing produces (the length of {@link #mean()}). */
  public int channels() {
    return mean.size();
  }
}
