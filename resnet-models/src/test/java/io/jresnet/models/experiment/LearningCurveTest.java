package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
  private static final List<EpochMetrics> HISTORY =
      List.of(
          new EpochMetrics(1, 0.1, 1.5, 0.4, 1.25, 0.5, 0.9, 800, 3),
          new EpochMetrics(2, 0.1, 0.9, 0.7, 0.8, 0.72, 0.95, 800, 3),
          new EpochMetrics(3, 0.1, 0.5, 0.85, 0.6, 0.8, 0.99, 800, 3));

  @TempDir Path dir;

  private static long pixelsOf(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void drawsBothSeriesInBothPanelsAndWritesAPng() throws IOException {
    Path file = dir.resolve("curve.png");
    LearningCurve.write(file, "tiny: resnet20", HISTORY);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(LearningCurve.WIDTH, image.getWidth());
    assertEquals(LearningCurve.HEIGHT, image.getHeight());
    BufferedImage left = image.getSubimage(0, 0, LearningCurve.WIDTH / 2, LearningCurve.HEIGHT);
    BufferedImage right =
        image.getSubimage(LearningCurve.WIDTH / 2, 30, LearningCurve.WIDTH / 2, LearningCurve.HEIGHT - 30);
    for (BufferedImage panel : List.of(left, right)) {
      assertTrue(pixelsOf(panel, 0x1f77b4) > 100, "training series drawn");
      assertTrue(pixelsOf(panel, 0xd62728) > 100, "test series drawn");
    }
  }

  @Test
  void aSingleEpochAndNonFiniteValuesStillDraw() {
    BufferedImage image =
        LearningCurve.draw(
            "one", List.of(new EpochMetrics(1, 0.1, Double.NaN, 0.4, 1.25, 0.5, 0.9, 800, 3)));
    assertTrue(pixelsOf(image, 0xd62728) > 20);
    assertEquals(
        "a learning curve needs at least one epoch",
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.draw("none", List.of())).getMessage());
  }
}
