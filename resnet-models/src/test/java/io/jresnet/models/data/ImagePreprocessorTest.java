package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import io.jresnet.models.CropSpec;
import io.jresnet.models.ExactResize;
import io.jresnet.models.Interpolation;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ModelSpecReader;
import io.jresnet.models.PreprocessingSpec;
import io.jresnet.models.ShorterSideResize;
import io.jresnet.models.Zoo;
import io.jresnet.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {
  private static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
  private static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

  @TempDir Path dir;

  /** The RGB test image of make_fixtures.py: every sample a different formula of (x, y). */
  private static BufferedImage formulaRgb(int height, int width) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (7 * x + 3 * y) % 256;
        int g = (x * x + 5 * y) % 256;
        int b = (11 * x * y + 37) % 256;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static BufferedImage formulaGrey(int height, int width) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, (5 * x + 9 * y) % 256);
      }
    }
    return image;
  }

  private Path png(String name, BufferedImage image) throws IOException {
    Path file = dir.resolve(name + ".png");
    assertTrue(ImageIO.write(image, "png", file.toFile()));
    return file;
  }

  private static float[] fixture(String name) throws IOException {
    try (InputStream in = ImagePreprocessorTest.class.getResourceAsStream(name)) {
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(out);
      return out;
    }
  }

  private static ImagePreprocessor torchvision(int resize, int crop) {
    return new ImagePreprocessor(
        new PreprocessingSpec(
            new ShorterSideResize(resize), Optional.of(new CropSpec(crop, crop)), Interpolation.BILINEAR,
            1 / 255.0, IMAGENET_MEAN, IMAGENET_STD));
  }

  private static ImagePreprocessor exact(int h, int w, Interpolation interpolation, int channels) {
    return new ImagePreprocessor(
        new PreprocessingSpec(
            new ExactResize(h, w), Optional.empty(), interpolation, 1 / 255.0,
            Collections.nCopies(channels, 0.0), Collections.nCopies(channels, 1.0)));
  }

  /**
   * One grey level is 1/255/0.225 = 0.017 after ImageNet normalisation; 1e-5 therefore demands the same 8-bit
   * samples as Pillow and leaves only float rounding.
   */
  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > 1e-5) {
        throw new AssertionError("sample " + i + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  @Test
  void shrinkingMatchesTorchvisionResizeCenterCropNormalize() throws IOException {
    float[] actual = torchvision(40, 32).load(png("rgb", formulaRgb(53, 75)));
    assertClose(fixture("tv-rgb-53x75-resize40-crop32.f32"), actual);
  }

  @Test
  void enlargingMatchesTorchvisionAndRoundsTheCropOffsetHalfToEven() throws IOException {
    // 13x20 becomes 40x61; the crop starts at column round(14.5) = 14, as Python rounds.
    float[] actual = torchvision(40, 32).load(png("small", formulaRgb(13, 20)));
    assertClose(fixture("tv-rgb-13x20-resize40-crop32.f32"), actual);
  }

  @Test
  void greyImagesBecomeRgbWithTheirStoredValues() throws IOException {
    float[] actual = torchvision(20, 16).load(png("grey", formulaGrey(29, 31)));
    assertClose(fixture("tv-grey-29x31-resize20-crop16.f32"), actual);
  }

  @Test
  void nearestShrinkMatchesPillow() throws IOException {
    float[] actual = exact(16, 24, Interpolation.NEAREST, 3).load(png("rgb", formulaRgb(53, 75)));
    assertClose(fixture("nearest-rgb-53x75-to-16x24.f32"), actual);
  }

  @Test
  void nearestEnlargeMatchesPillow() throws IOException {
    float[] actual = exact(53, 75, Interpolation.NEAREST, 3).load(png("rgb", formulaRgb(16, 24)));
    assertClose(fixture("nearest-rgb-16x24-to-53x75.f32"), actual);
  }

  @Test
  void oneChannelModelsGetPillowLuma() throws IOException {
    ImagePreprocessor luma = exact(10, 12, Interpolation.BILINEAR, 1);
    assertEquals(Shape.nhwc(1, 10, 12, 1), luma.batchShape(1));
    assertClose(fixture("bilinear-luma-53x75-to-10x12.f32"), luma.load(png("rgb", formulaRgb(53, 75))));
  }

  @Test
  void outputIsNhwcWithRgbOrder() throws IOException {
    BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 4; x++) {
      image.setRGB(x, 0, 0xff0000);
      image.setRGB(x, 1, 0x0000ff);
    }
    image.setRGB(3, 1, 0x00ff00);
    float[] out = exact(2, 4, Interpolation.BILINEAR, 3).load(png("rgb", image));
    assertArrayEquals(new float[] {1, 0, 0}, Arrays.copyOfRange(out, 0, 3));
    assertArrayEquals(new float[] {0, 0, 1}, Arrays.copyOfRange(out, (1 * 4 + 0) * 3, (1 * 4 + 0) * 3 + 3));
    assertArrayEquals(new float[] {0, 1, 0}, Arrays.copyOfRange(out, (1 * 4 + 3) * 3, (1 * 4 + 3) * 3 + 3));
  }

  @Test
  void uniformImageNormalisesToTheFormula() throws IOException {
    BufferedImage image = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 260; y++) {
      for (int x = 0; x < 300; x++) {
        image.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
      }
    }
    ImagePreprocessor p = ImagePreprocessor.forModel(Zoo.load("resnet50"));
    float[] out = p.load(png("uniform", image));
    assertEquals(224 * 224 * 3, out.length);
    int last = out.length - 3;
    assertEquals((float) ((200 / 255.0 - 0.485) / 0.229), out[last], 1e-6);
    assertEquals((float) ((100 / 255.0 - 0.456) / 0.224), out[last + 1], 1e-6);
    assertEquals((float) ((50 / 255.0 - 0.406) / 0.225), out[last + 2], 1e-6);
  }

  @Test
  void alphaIsDroppedWithoutCompositingAsPillowConvertsToRgb() throws IOException {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    for (int i = 0; i < 4; i++) {
      image.setRGB(i % 2, i / 2, 0x00336699);
    }
    float[] out = exact(2, 2, Interpolation.BILINEAR, 3).load(png("alpha", image));
    assertArrayEquals(new float[] {0x33 / 255f, 0x66 / 255f, 0x99 / 255f}, Arrays.copyOfRange(out, 9, 12), 1e-7f);
  }

  @Test
  void kerasNotebookModelTakes64x64PixelsOver255() throws IOException {
    ImagePreprocessor p = ImagePreprocessor.forModel(Zoo.load("resnet50-keras-64x64-6"));
    assertEquals(Shape.nhwc(2, 64, 64, 3), p.batchShape(2));
    float[] out = p.load(png("big", formulaRgb(128, 192)));
    // Nearest from 128x192 to 64x64 samples source row 2y+1 and column floor((x + 0.5) * 3).
    int y = 10;
    int x = 7;
    int sourceX = (int) ((x + 0.5) * 3);
    int sourceY = 2 * y + 1;
    float expectedRed = ((7 * sourceX + 3 * sourceY) % 256) / 255f;
    assertEquals(expectedRed, out[(y * 64 + x) * 3], 1e-7f);
  }

  @Test
  void jpegFilesDecode() throws IOException {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, 0x806040);
      }
    }
    Path file = dir.resolve("flat.jpg");
    assertTrue(ImageIO.write(image, "jpeg", file.toFile()));
    float[] out = exact(16, 16, Interpolation.BILINEAR, 3).load(file);
    // A flat image survives JPEG compression to within a few grey levels.
    assertEquals(0x80 / 255f, out[0], 3 / 255f);
    assertEquals(0x60 / 255f, out[1], 3 / 255f);
    assertEquals(0x40 / 255f, out[2], 3 / 255f);
  }

  @Test
  void loadBatchConcatenatesImagesInOrder() throws IOException {
    ImagePreprocessor p = torchvision(40, 32);
    Path a = png("a", formulaRgb(53, 75));
    Path b = png("b", formulaRgb(13, 20));
    float[] batch = p.loadBatch(List.of(a, b));
    int size = 32 * 32 * 3;
    assertArrayEquals(p.load(a), Arrays.copyOfRange(batch, 0, size));
    assertArrayEquals(p.load(b), Arrays.copyOfRange(batch, size, 2 * size));
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("missing.png");
    DataException e = assertThrows(DataException.class, () -> torchvision(40, 32).load(file));
    assertEquals(file + ": no such file", e.getMessage());
    assertEquals(file.toString(), e.file());
  }

  @Test
  void directoryIsNotAnImage() {
    DataException e = assertThrows(DataException.class, () -> torchvision(40, 32).load(dir));
    assertEquals(dir + ": not a regular file", e.getMessage());
  }

  @Test
  void textFileIsNotAnImage() throws IOException {
    Path file = Files.writeString(dir.resolve("labels.png"), "cat\ndog\n");
    DataException e = assertThrows(DataException.class, () -> torchvision(40, 32).load(file));
    assertEquals(file + ": not a readable image; JPEG and PNG are supported", e.getMessage());
  }

  @Test
  void truncatedPngCannotBeDecoded() throws IOException {
    Path file = png("whole", formulaRgb(53, 75));
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
    DataException e = assertThrows(DataException.class, () -> torchvision(40, 32).load(truncated));
    assertTrue(e.getMessage().startsWith(truncated + ": cannot decode the image: "), e.getMessage());
  }

  @Test
  void specWithoutPreprocessingCannotTakeImages() {
    ModelSpec r18 = Zoo.load("resnet18");
    ModelSpec spec =
        new ModelSpec(
            "bare", "", r18.input(), r18.stem(), r18.block(), 1, r18.strideOn(), r18.stages(), r18.batchNorm(),
            r18.head(), r18.init(), false, Optional.empty());
    ConfigException e = assertThrows(ConfigException.class, () -> ImagePreprocessor.forModel(spec));
    assertEquals(
        "bare at /preprocessing: the model has no preprocessing section, so images cannot be fed to it; add one"
            + " (see the zoo's resnet50) or give tensors instead",
        e.getMessage());
  }

  @Test
  void modelsOfOtherChannelCountsCannotTakeImages() {
    ModelSpec twoChannels =
        ModelSpecReader.parse(
            """
            {"name": "two", "input": {"height": 8, "width": 8, "channels": 2},
             "stem": {"conv": {"filters": 4, "kernel": 3}}, "block": "basic", "stages": [{"blocks": 1, "filters": 4}],
             "head": {"classes": 2},
             "preprocessing": {"resize": {"height": 8, "width": 8}, "mean": [0, 0], "std": [1, 1]}}
            """,
            "two.json");
    ConfigException e = assertThrows(ConfigException.class, () -> ImagePreprocessor.forModel(twoChannels));
    assertEquals("two at /input/channels: images become 1 (grey) or 3 (RGB) channels; this model takes 2",
        e.getMessage());
  }

  @Test
  void imagesBecomeOneOrThreeChannels() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> exact(4, 4, Interpolation.NEAREST, 2));
    assertEquals("images become 1 (grey) or 3 (RGB) channels, but the preprocessing has 2", e.getMessage());
  }
}
