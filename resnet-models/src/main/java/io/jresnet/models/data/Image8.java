package io.jresnet.models.data;

/**
 * An 8-bit image in memory: {@code height x width x channels} samples 0..255, row-major, channels interleaved (HWC).
 */
record Image8(int height, int width, int channels, int[] samples) {
  Image8 {
    if (samples.length != height * width * channels) {
      throw new IllegalArgumentException(
          "expected " + height + "x" + width + "x" + channels + " samples, got " + samples.length);
    }
  }

  int get(int y, int x, int c) {
    return samples[(y * width + x) * channels + c];
  }

  /** The {@code height x width} window whose top-left corner is at {@code (top, left)}. */
  Image8 crop(int top, int left, int cropHeight, int cropWidth) {
    int[] out = new int[cropHeight * cropWidth * channels];
    for (int y = 0; y < cropHeight; y++) {
      System.arraycopy(
          samples, ((top + y) * width + left) * channels, out, y * cropWidth * channels, cropWidth * channels);
    }
    return new Image8(cropHeight, cropWidth, channels, out);
  }
}
