package io.jresnet.models;

/**
 * The model input without the batch dimension: NHWC images of {@code height x width x channels}.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param channels at least 1 (3 for RGB)
 */
public record InputSpec(int height, int width, int channels) {
  public InputSpec {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "input dimensions must be >= 1, got " + height + "x" + width + "x" + channels);
    }
  }
}
