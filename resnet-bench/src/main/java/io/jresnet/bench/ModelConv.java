package io.jresnet.bench;

/**
 * A distinct convolution of a model and how often the model runs it.
 *
 * @param shape the convolution, named after the first node that has it
 * @param occurrences how many conv nodes of the model have exactly this shape
 */
public record ModelConv(ConvShape shape, int occurrences) {
  public ModelConv {
    if (occurrences < 1) {
      throw new IllegalArgumentException(shape.name() + ": occurrences must be >= 1, got " + occurrences);
    }
  }
}
