package io.jresnet.models;

/** How images are resized before inference (JSON field {@code preprocessing.interpolation}). */
public enum Interpolation implements JsonNamed {
  /**
   * Pillow's {@code BILINEAR} resampling, which torchvision's {@code Resize} uses on PIL images: a triangle filter
   * widened by the downscaling factor (so it antialiases when shrinking), separable, rounded to 8 bits per pass.
   */
  BILINEAR("bilinear"),
  /** Pillow's {@code NEAREST}, the default of Keras' {@code load_img(target_size=...)}. */
  NEAREST("nearest");

  private final String jsonName;

  Interpolation(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
