package io.jresnet.models;

/**
 * A centre crop after resizing, as torchvision's {@code CenterCrop}: the top-left corner is
 * {@code round((h - height) / 2), round((w - width) / 2)}, rounding halves to even as Python does.
 */
public record CropSpec(int height, int width) {
  public CropSpec {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("crop size must be >= 1, got " + height + "x" + width);
    }
  }
}
