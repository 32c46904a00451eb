package io.jresnet.models;

/**
 * Resize so that the shorter side becomes {@code size}, keeping the aspect ratio, as torchvision's
 * {@code Resize(size)}: the longer side becomes {@code floor(size * longer / shorter)} (JSON
 * {@code {"shorter_side": 256}}).
 */
public record ShorterSideResize(int size) implements ResizeSpec {
  public ShorterSideResize {
    if (size < 1) {
      throw new IllegalArgumentException("resize size must be >= 1, got " + size);
    }
  }
}
