package io.jresnet.cli;

/**
 * An image size given on the command line as {@code HxW} (e.g. {@code 224x224}, {@code 97x131}) or {@code N} for
 * {@code NxN}.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
record ImageSize(int height, int width) {
  /** Larger sizes overflow tensor indexing long before they are useful. */
  static final int MAX_SIDE = 1 << 15;

  ImageSize {
    if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
      throw new IllegalArgumentException(
          "height and width must be between 1 and " + MAX_SIDE + ", got " + height + "x" + width);
    }
  }

  @Override
  public String toString() {
    return height + "x" + width;
  }
}
