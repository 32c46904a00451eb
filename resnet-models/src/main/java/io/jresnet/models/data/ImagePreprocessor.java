package io.jresnet.models.data;

import io.jresnet.ConfigException;
import io.jresnet.models.CropSpec;
import io.jresnet.models.ExactResize;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.PreprocessingSpec;
import io.jresnet.models.ShorterSideResize;
import io.jresnet.tensor.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns image files into model input following a {@link PreprocessingSpec}: decode (JPEG/PNG via
 * {@code javax.imageio}) to 8-bit RGB (or luma for one-channel models), resize, centre-crop, then
 * {@code (pixel * scale - mean[c]) / std[c]} per channel, as float32 NHWC.
 *
 * <p>With torchvision's ImageNet settings this reproduces {@code Resize(256), CenterCrop(224), ToTensor(),
 * Normalize(mean, std)} on a PIL image: the resize copies Pillow's antialiasing bilinear filter and its 8-bit
 * rounding, and the crop offset rounds halves to even as Python's {@code round}. Differences that remain: JPEG
 * files decode with Java's decoder, whose IDCT and chroma upsampling differ from libjpeg's by a few grey levels;
 * {@code pixel * scale} is rounded once from double, where torchvision divides by 255 in float32 (at most one ulp
 * apart). PNG files decode identically.
 */
public final class ImagePreprocessor {
  private final PreprocessingSpec spec;
  private final float[] mean;
  private final float[] std;

  public ImagePreprocessor(PreprocessingSpec spec) {
    this.spec = spec;
    if (spec.channels() != 1 && spec.channels() != 3) {
      throw new IllegalArgumentException(
          "images become 1 (grey) or 3 (RGB) channels, but the preprocessing has " + spec.channels());
    }
    mean = toFloats(spec.mean());
    std = toFloats(spec.std());
  }

  /**
   * The preprocessing of {@code model}.
   *
   * @throws ConfigException when the spec has no {@code preprocessing} section or wants other than 1 or 3 channels
   */
  public static ImagePreprocessor forModel(ModelSpec model) {
    PreprocessingSpec p =
        model.preprocessing()
            .orElseThrow(
                () ->
                    new ConfigException(
                        model.name(), "/preprocessing", 0, 0,
                        "the model has no preprocessing section, so images cannot be fed to it; add one (see the"
                            + " zoo's resnet50) or give tensors instead"));
    if (p.channels() != 1 && p.channels() != 3) {
      throw new ConfigException(
          model.name(), "/input/channels", 0, 0,
          "images become 1 (grey) or 3 (RGB) channels; this model takes " + p.channels());
    }
    return new ImagePreprocessor(p);
  }

  /** Rows of one preprocessed image. */
  public int height() {
    return spec.outputHeight();
  }

  /** Columns of one preprocessed image. */
  public int width() {
    return spec.outputWidth();
  }

  /** Channels of one preprocessed image: 3 (RGB) or 1 (luma). */
  public int channels() {
    return spec.channels();
  }

  /** {@code [n, height(), width(), channels()]}. */
  public Shape batchShape(int n) {
    return Shape.nhwc(n, height(), width(), channels());
  }

  /**
   * One image file as {@code [height(), width(), channels()]} floats, row-major.
   *
   * @throws DataException naming the file when it is missing, not a file, or not a decodable JPEG/PNG
   */
  public float[] load(Path image) {
    return normalise(transform(ImageFiles.read(image, channels())));
  }

  /** Several image files as one NHWC batch {@link #batchShape(int) [n, H, W, C]}, in the order given. */
  public float[] loadBatch(List<Path> images) {
    int size = height() * width() * channels();
    float[] batch = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(load(images.get(i)), 0, batch, i * size, size);
    }
    return batch;
  }

  /** An image already in memory, as {@link #load(Path)} would preprocess it. */
  public float[] preprocess(BufferedImage image) {
    return normalise(transform(ImageFiles.toSamples(image, channels())));
  }

  private Image8 transform(Image8 image) {
    Image8 resized =
        switch (spec.resize()) {
          case ExactResize exact ->
              PillowResize.resize(image, exact.height(), exact.width(), spec.interpolation());
          case ShorterSideResize shorter -> resizeShorterSide(image, shorter.size());
        };
    if (spec.crop().isEmpty()) {
      return resized;
    }
    CropSpec crop = spec.crop().get();
    // torchvision: int(round((h - crop_h) / 2.0)); Python rounds halves to even, as Math.rint does.
    int top = (int) Math.rint((resized.height() - crop.height()) / 2.0);
    int left = (int) Math.rint((resized.width() - crop.width()) / 2.0);
    return resized.crop(top, left, crop.height(), crop.width());
  }

  /** torchvision's {@code Resize(size)}: the shorter side becomes size, the longer {@code int(size * long / short)}. */
  private Image8 resizeShorterSide(Image8 image, int size) {
    int h = image.height();
    int w = image.width();
    int newH = h <= w ? size : (int) ((long) size * h / w);
    int newW = h <= w ? (int) ((long) size * w / h) : size;
    return PillowResize.resize(image, newH, newW, spec.interpolation());
  }

  private float[] normalise(Image8 image) {
    int[] samples = image.samples();
    int channels = image.channels();
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      int c = i % channels;
      float scaled = (float) (samples[i] * spec.scale());
      out[i] = (scaled - mean[c]) / std[c];
    }
    return out;
  }

  private static float[] toFloats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
