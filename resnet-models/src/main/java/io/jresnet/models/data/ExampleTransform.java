package io.jresnet.models.data;

import io.jresnet.tensor.Shape;

/** Reads one example and applies a loader's augmentation and normalisation to it. Stateless; thread-safe. */
final class ExampleTransform {
  /** Separates the augmentation streams from the shuffle streams of the same seed and epoch. */
  static final long AUGMENT_PURPOSE = 2;

  private final Dataset dataset;
  private final Augmentation augmentation;
  private final long seed;
  private final int height;
  private final int width;
  private final int channels;
  private final float[] mean;
  private final float[] std;
  private final double scale;
  private final boolean identity;

  ExampleTransform(Dataset dataset, LoaderOptions options) {
    this.dataset = dataset;
    this.augmentation = options.augmentation();
    this.seed = options.seed();
    Shape shape = dataset.exampleShape();
    height = shape.dim(0);
    width = shape.dim(1);
    channels = shape.dim(2);
    Normalization n = options.normalization();
    if (!n.fits(channels)) {
      throw new IllegalArgumentException("the normalisation has " + n.mean().size() + " mean/std values, but the"
          + " examples have " + channels + " channels; give one value per channel, or one for all");
    }
    scale = n.scale();
    mean = new float[channels];
    std = new float[channels];
    boolean unchanged = n.scale() == 1;
    for (int c = 0; c < channels; c++) {
      int k = n.mean().size() == 1 ? 0 : c;
      mean[c] = n.mean().get(k).floatValue();
      std[c] = n.std().get(k).floatValue();
      unchanged &= n.mean().get(k) == 0 && n.std().get(k) == 1;
    }
    identity = unchanged;
  }

  /**
   * Example {@code index} of epoch {@code epoch} into {@code dst[offset ...]}; {@code scratch} holds one example and
   * is overwritten.
   */
  void apply(int epoch, int index, float[] scratch, float[] dst, int offset) {
    if (!augmentation.isActive()) {
      dataset.example(index, dst, offset);
    } else {
      dataset.example(index, scratch, 0);
      SplitMix64 random = new SplitMix64(SplitMix64.seedOf(seed, AUGMENT_PURPOSE, epoch, index));
      int pad = augmentation.cropPadding();
      // The crop window's top-left corner in padded coordinates, 0..2*pad; shift is where source row 0 lands.
      int shiftY = pad > 0 ? pad - random.nextInt(2 * pad + 1) : 0;
      int shiftX = pad > 0 ? pad - random.nextInt(2 * pad + 1) : 0;
      boolean flip = augmentation.horizontalFlip() && random.nextBoolean();
      cropAndFlip(scratch, shiftY, shiftX, flip, dst, offset);
    }
    if (!identity) {
      normalise(dst, offset);
    }
  }

  private void cropAndFlip(float[] src, int shiftY, int shiftX, boolean flip, float[] dst, int offset) {
    for (int y = 0; y < height; y++) {
      int sy = y - shiftY;
      for (int x = 0; x < width; x++) {
        // Flipping after cropping: output column x shows cropped column width-1-x.
        int sx = (flip ? width - 1 - x : x) - shiftX;
        int out = offset + (y * width + x) * channels;
        if (sy < 0 || sy >= height || sx < 0 || sx >= width) {
          for (int c = 0; c < channels; c++) {
            dst[out + c] = 0;
          }
        } else {
          System.arraycopy(src, (sy * width + sx) * channels, dst, out, channels);
        }
      }
    }
  }

  private void normalise(float[] dst, int offset) {
    int length = height * width * channels;
    for (int i = 0; i < length; i++) {
      int c = i % channels;
      // As ImagePreprocessor: scale in double, round once, then subtract and divide in float (torchvision's order).
      float scaled = (float) (dst[offset + i] * scale);
      dst[offset + i] = (scaled - mean[c]) / std[c];
    }
  }
}
