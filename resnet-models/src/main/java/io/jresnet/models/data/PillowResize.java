package io.jresnet.models.data;

import io.jresnet.models.Interpolation;

/**
 * Resizes 8-bit images exactly as Pillow's {@code Image.resize} does (libImaging/Resample.c and Geometry.c), so that
 * preprocessing matches torchvision's PIL pipeline sample for sample.
 *
 * <p>Bilinear is Pillow's convolution resampler: a triangle filter whose support grows with the downscaling factor
 * (so shrinking antialiases, unlike OpenCV or a tensor {@code interpolate} without {@code antialias}), applied
 * horizontally then vertically with 22-bit fixed-point weights, each pass rounded and clipped to 8 bits. A pass
 * whose size does not change is skipped, as in Pillow. Nearest samples source pixel {@code floor((x + 0.5) * in /
 * out)}.
 */
final class PillowResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PillowResize() {}

  static Image8 resize(Image8 in, int height, int width, Interpolation interpolation) {
    if (height == in.height() && width == in.width()) {
      return in;
    }
    return switch (interpolation) {
      case BILINEAR -> bilinear(in, height, width);
      case NEAREST -> nearest(in, height, width);
    };
  }

  private static Image8 bilinear(Image8 in, int height, int width) {
    Image8 out = in;
    if (width != in.width()) {
      out = horizontal(out, Coefficients.of(in.width(), width));
    }
    if (height != in.height()) {
      out = vertical(out, Coefficients.of(in.height(), height));
    }
    return out;
  }

  private static Image8 horizontal(Image8 in, Coefficients k) {
    int channels = in.channels();
    int[] out = new int[in.height() * k.outSize * channels];
    for (int y = 0; y < in.height(); y++) {
      for (int x = 0; x < k.outSize; x++) {
        int first = k.first[x];
        for (int c = 0; c < channels; c++) {
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.count[x]; i++) {
            sum += in.get(y, first + i, c) * k.weights[x * k.stride + i];
          }
          out[(y * k.outSize + x) * channels + c] = clip8(sum);
        }
      }
    }
    return new Image8(in.height(), k.outSize, channels, out);
  }

  private static Image8 vertical(Image8 in, Coefficients k) {
    int channels = in.channels();
    int[] out = new int[k.outSize * in.width() * channels];
    for (int y = 0; y < k.outSize; y++) {
      int first = k.first[y];
      for (int x = 0; x < in.width(); x++) {
        for (int c = 0; c < channels; c++) {
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.count[y]; i++) {
            sum += in.get(first + i, x, c) * k.weights[y * k.stride + i];
          }
          out[(y * in.width() + x) * channels + c] = clip8(sum);
        }
      }
    }
    return new Image8(k.outSize, in.width(), channels, out);
  }

  private static int clip8(int fixedPoint) {
    if (fixedPoint >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    return fixedPoint <= 0 ? 0 : fixedPoint >> PRECISION_BITS;
  }

  /**
   * Per output index: the first source index, how many follow, and their fixed-point weights (Pillow's
   * {@code precompute_coeffs} and {@code normalize_coeffs_8bpc}).
   */
  private record Coefficients(int outSize, int stride, int[] first, int[] count, int[] weights) {
    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // the triangle's support is 1, widened when shrinking
      int stride = (int) Math.ceil(support) * 2 + 1;
      int[] first = new int[outSize];
      int[] count = new int[outSize];
      int[] weights = new int[outSize * stride];
      double[] w = new double[stride];
      for (int o = 0; o < outSize; o++) {
        double center = (o + 0.5) * scale;
        // (int) truncates toward zero like Pillow's C casts; the clamps then bound the window.
        int min = Math.max((int) (center - support + 0.5), 0);
        int n = Math.min((int) (center + support + 0.5), inSize) - min;
        double total = 0;
        double reciprocal = 1.0 / filterScale; // Pillow multiplies by the reciprocal; dividing rounds differently
        for (int i = 0; i < n; i++) {
          w[i] = triangle((i + min - center + 0.5) * reciprocal);
          total += w[i];
        }
        for (int i = 0; i < n; i++) {
          double normalised = total != 0 ? w[i] / total : w[i];
          weights[o * stride + i] = (int) (0.5 + normalised * (1 << PRECISION_BITS));
        }
        first[o] = min;
        count[o] = n;
      }
      return new Coefficients(outSize, stride, first, count, weights);
    }

    private static double triangle(double x) {
      double a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    }
  }

  private static Image8 nearest(Image8 in, int height, int width) {
    int channels = in.channels();
    int[] sourceX = new int[width];
    // Pillow accumulates the source coordinate by repeated addition; doing the same keeps ties identical.
    double step = (double) in.width() / width;
    double xo = step * 0.5;
    for (int x = 0; x < width; x++) {
      sourceX[x] = Math.min((int) xo, in.width() - 1);
      xo += step;
    }
    int[] out = new int[height * width * channels];
    double yStep = (double) in.height() / height;
    double yo = yStep * 0.5;
    for (int y = 0; y < height; y++) {
      int sy = Math.min((int) yo, in.height() - 1);
      for (int x = 0; x < width; x++) {
        System.arraycopy(in.samples(), (sy * in.width() + sourceX[x]) * channels, out, (y * width + x) * channels,
            channels);
      }
      yo += yStep;
    }
    return new Image8(height, width, channels, out);
  }
}
