package io.jresnet.models;

/**
 * Which convolution of a bottleneck block strides when its stage downsamples (JSON field {@code stride_on}). Basic
 * blocks always stride on their first 3x3 convolution.
 */
public enum StrideOn implements JsonNamed {
  /** The first 1x1 convolution: the original paper and the Keras implementations. */
  CONV_1X1("1x1"),
  /** The 3x3 convolution: torchvision's "ResNet v1.5", slightly more accurate. */
  CONV_3X3("3x3");

  private final String jsonName;

  StrideOn(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
