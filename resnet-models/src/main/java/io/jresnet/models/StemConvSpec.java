package io.jresnet.models;

/**
 * The stem's square convolution (torchvision's {@code conv1}).
 *
 * @param filters output channels
 * @param kernel kernel height and width
 * @param stride stride in both directions
 * @param padding zeros added on every side (0 = Keras 'valid')
 * @param bias whether the convolution adds a bias (Keras) or not (torchvision, followed by batch norm)
 */
public record StemConvSpec(int filters, int kernel, int stride, int padding, boolean bias) {
  public StemConvSpec {
    if (filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "stem conv needs filters, kernel, stride >= 1 and padding >= 0, got filters="
              + filters + " kernel=" + kernel + " stride=" + stride + " padding=" + padding);
    }
  }
}
