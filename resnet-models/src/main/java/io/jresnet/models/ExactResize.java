package io.jresnet.models;

/**
 * Resize to exactly {@code height x width}, ignoring the aspect ratio (JSON {@code {"height": 64, "width": 64}}).
 */
public record ExactResize(int height, int width) implements ResizeSpec {
  public ExactResize {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("resize size must be >= 1, got " + height + "x" + width);
    }
  }
}
