package io.jresnet.models.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes JPEG and PNG files (through {@code javax.imageio}) into 8-bit RGB or grey samples, as Pillow would. */
final class ImageFiles {
  private ImageFiles() {}

  /** The image in {@code file} as 8-bit samples with {@code channels} 3 (RGB) or 1 (luma). */
  static Image8 read(Path file, int channels) {
    if (!Files.exists(file)) {
      throw new DataException(file, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(file, "not a regular file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data and unsupported variants (e.g. CMYK JPEG) this way.
      throw new DataException(file, "cannot decode the image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new DataException(file, "not a readable image; JPEG and PNG are supported");
    }
    return toSamples(image, channels);
  }

  /**
   * Grey images keep their stored values (Java's {@code getRGB} would treat them as linear light and brighten
   * them; Pillow copies them); colour images go through {@code getRGB}, which drops alpha without compositing, as
   * Pillow's {@code convert("RGB")} does.
   */
  static Image8 toSamples(BufferedImage image, int channels) {
    int h = image.getHeight();
    int w = image.getWidth();
    int[] out = new int[h * w * channels];
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    Raster raster = image.getRaster();
    int bits = image.getColorModel().getComponentSize(0);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * channels;
        if (grey) {
          int g = raster.getSample(x, y, 0) >> Math.max(bits - 8, 0);
          for (int c = 0; c < channels; c++) {
            out[i + c] = g;
          }
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xff;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          if (channels == 1) {
            out[i] = luma(r, g, b);
          } else {
            out[i] = r;
            out[i + 1] = g;
            out[i + 2] = b;
          }
        }
      }
    }
    return new Image8(h, w, channels, out);
  }

  /** ITU-R 601-2 luma in Pillow's fixed point ({@code convert("L")}). */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }
}
