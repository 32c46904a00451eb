package io.jresnet.models.experiment;

import io.jresnet.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The learning-curve PNG: loss (left) and top-1 accuracy (right) against the epoch, training and test, drawn with
 * Java2D into an image in memory (no display needed).
 */
public final class LearningCurve {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xd62728);
  private static final Color GRID = new Color(0xe0e0e0);
  private static final int MARGIN_LEFT = 60;
  private static final int MARGIN_RIGHT = 20;
  private static final int MARGIN_TOP = 40;
  private static final int MARGIN_BOTTOM = 45;

  private LearningCurve() {}

  /** The curve of {@code history} (at least one epoch) as an image titled {@code title}. */
  public static BufferedImage draw(String title, List<EpochMetrics> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a learning curve needs at least one epoch");
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(Color.BLACK);
      g.drawString(title, MARGIN_LEFT, 18);
      int half = WIDTH / 2;
      double maxLoss =
          history.stream().mapToDouble(m -> Math.max(m.trainLoss(), m.valLoss())).filter(Double::isFinite).max()
              .orElse(1);
      panel(g, 0, half, "loss", history, EpochMetrics::trainLoss, EpochMetrics::valLoss, 0,
          maxLoss > 0 ? maxLoss * 1.05 : 1);
      panel(g, half, half, "top-1 accuracy", history, EpochMetrics::trainAccuracy, EpochMetrics::valAccuracy, 0,
          1);
      legend(g, WIDTH - MARGIN_RIGHT - 140, 14);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Draws the curve and replaces {@code file} with it (atomically). */
  public static void write(Path file, String title, List<EpochMetrics> history) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(draw(title, history), "png", png)) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    AtomicFiles.write(file, png.toByteArray());
  }

  private static void panel(
      Graphics2D g,
      int left,
      int width,
      String label,
      List<EpochMetrics> history,
      ToDoubleFunction<EpochMetrics> train,
      ToDoubleFunction<EpochMetrics> test,
      double min,
      double max) {
    int x0 = left + MARGIN_LEFT;
    int x1 = left + width - MARGIN_RIGHT;
    int y0 = HEIGHT - MARGIN_BOTTOM;
    int y1 = MARGIN_TOP;
    int epochs = history.getLast().epoch();
    int first = history.getFirst().epoch();
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i <= 5; i++) {
      double v = min + (max - min) * i / 5;
      int y = y0 - (int) Math.round((y0 - y1) * (double) i / 5);
      g.setColor(GRID);
      g.drawLine(x0, y, x1, y);
      g.setColor(Color.DARK_GRAY);
      String text = String.format(Locale.ROOT, "%.2f", v);
      g.drawString(text, x0 - 6 - fm.stringWidth(text), y + fm.getAscent() / 2 - 1);
    }
    int step = Math.max(1, (int) Math.ceil((epochs - first + 1) / 10.0));
    for (int e = first; e <= epochs; e += step) {
      int x = xOf(e, first, epochs, x0, x1);
      String text = Integer.toString(e);
      g.drawString(text, x - fm.stringWidth(text) / 2, y0 + fm.getAscent() + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x0, y1, x1 - x0, y0 - y1);
    g.drawString("epoch", (x0 + x1) / 2 - fm.stringWidth("epoch") / 2, HEIGHT - 8);
    g.drawString(label, x0, y1 - 6);
    series(g, history, train, TRAIN, first, epochs, min, max, x0, x1, y0, y1);
    series(g, history, test, TEST, first, epochs, min, max, x0, x1, y0, y1);
  }

  private static void series(
      Graphics2D g,
      List<EpochMetrics> history,
      ToDoubleFunction<EpochMetrics> value,
      Color color,
      int first,
      int last,
      double min,
      double max,
      int x0,
      int x1,
      int y0,
      int y1) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int previousX = -1;
    int previousY = -1;
    for (EpochMetrics m : history) {
      double v = value.applyAsDouble(m);
      if (!Double.isFinite(v)) {
        previousX = -1;
        continue;
      }
      int x = xOf(m.epoch(), first, last, x0, x1);
      double clamped = Math.max(min, Math.min(max, v));
      int y = y0 - (int) Math.round((y0 - y1) * (clamped - min) / (max - min));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (previousX >= 0) {
        g.drawLine(previousX, previousY, x, y);
      }
      previousX = x;
      previousY = y;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static int xOf(int epoch, int first, int last, int x0, int x1) {
    if (last == first) {
      return (x0 + x1) / 2;
    }
    return x0 + (int) Math.round((x1 - x0) * (double) (epoch - first) / (last - first));
  }

  private static void legend(Graphics2D g, int x, int y) {
    g.setColor(TRAIN);
    g.fillRect(x, y - 8, 18, 4);
    g.setColor(Color.BLACK);
    g.drawString("train", x + 24, y);
    g.setColor(TEST);
    g.fillRect(x + 70, y - 8, 18, 4);
    g.setColor(Color.BLACK);
    g.drawString("test", x + 94, y);
  }
}
