package io.jresnet.models;

/** Keras-style padding of the head's average pool (JSON field {@code head.padding}). */
public enum PaddingMode implements JsonNamed {
  /**
   * Output size {@code ceil(in / stride)}; the padding is split with the larger half at the bottom/right and padded
   * cells do not count in the average, as in Keras.
   */
  SAME("same"),
  /** No padding: output size {@code floor((in - size) / stride) + 1}. */
  VALID("valid");

  private final String jsonName;

  PaddingMode(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
