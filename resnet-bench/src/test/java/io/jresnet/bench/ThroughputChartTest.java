package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputChartTest {
  private static final List<ThroughputRow> ROWS =
      List.of(
          new ThroughputRow("jresnet", "resnet50 inference", 1, 20),
          new ThroughputRow("onnxruntime", "resnet50 inference", 1, 25),
          new ThroughputRow("jresnet", "resnet50 inference", 8, 22),
          new ThroughputRow("pytorch", "resnet20 training", 128, 630));

  @TempDir Path dir;

  @Test
  void onePanelPerWorkloadAndBatchInFirstAppearanceOrder() {
    Map<String, List<ThroughputRow>> panels = ThroughputChart.panels(ROWS);
    assertEquals(
        List.of("resnet50 inference, batch 1", "resnet50 inference, batch 8", "resnet20 training, batch 128"),
        List.copyOf(panels.keySet()));
    assertEquals(2, panels.get("resnet50 inference, batch 1").size());
  }

  @Test
  void drawsBarsInEachFrameworksColour() {
    BufferedImage image = ThroughputChart.draw("images/s", ROWS);
    assertEquals(2 * 20 + 3 * ThroughputChart.PANEL_WIDTH, image.getWidth());
    assertEquals(ThroughputChart.HEIGHT, image.getHeight());
    assertTrue(contains(image, 0x1f77b4), "no jresnet bar");
    assertTrue(contains(image, 0xff7f0e), "no onnxruntime bar");
    assertTrue(contains(image, 0xd62728), "no pytorch bar");
  }

  @Test
  void writesAReadablePng() throws IOException {
    Path png = dir.resolve("out/chart.png");
    ThroughputChart.write(png, "images/s", ROWS);
    BufferedImage read = ImageIO.read(png.toFile());
    assertEquals(ThroughputChart.HEIGHT, read.getHeight());
  }

  @Test
  void needsRowsAndFormatsNumbers() {
    assertThrows(IllegalArgumentException.class, () -> ThroughputChart.draw("t", List.of()));
    assertEquals("630", ThroughputChart.number(630.4));
    assertEquals("20.5", ThroughputChart.number(20.54));
    assertEquals("1.23", ThroughputChart.number(1.234));
    assertEquals(200, ThroughputChart.tickStep(173.25));
    assertEquals(2.5, ThroughputChart.tickStep(2.2));
    assertEquals(10, ThroughputChart.tickStep(10));
  }

  private static boolean contains(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
