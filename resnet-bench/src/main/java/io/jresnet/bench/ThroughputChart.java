package io.jresnet.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The results chart: one panel per workload and batch size (each with its own scale, since training a small model
 * and inferring with ResNet-50 differ by orders of magnitude), a bar of images/s per framework, drawn with Java2D in
 * memory (headless). Run as {@code ThroughputChart results.csv chart.png}.
 */
public final class ThroughputChart {
  static final int PANEL_WIDTH = 250;
  static final int HEIGHT = 380;
  private static final int TOP = 70;
  private static final int BOTTOM = 60;
  private static final int SIDE = 20;
  private static final Color GRID = new Color(0xe0e0e0);
  private static final Map<String, Color> COLORS =
      Map.of("jresnet", new Color(0x1f77b4), "onnxruntime", new Color(0xff7f0e), "pytorch", new Color(0xd62728));
  private static final Color OTHER = new Color(0x7f7f7f);

  private ThroughputChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ThroughputChart RESULTS.csv CHART.png");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    write(Path.of(args[1]), "images/s, higher is better", ResultsCsv.read(Path.of(args[0])));
  }

  /** Draws {@code rows} (at least one) and writes the PNG to {@code file}. */
  public static void write(Path file, String title, List<ThroughputRow> rows) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(draw(title, rows), "png", png)) {
      throw new IOException("no PNG writer in this Java runtime");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.write(file, png.toByteArray());
  }

  /** The chart of {@code rows}: panels in the order their workload and batch first appear. */
  public static BufferedImage draw(String title, List<ThroughputRow> rows) {
    Map<String, List<ThroughputRow>> panels = panels(rows);
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one result row");
    }
    int width = 2 * SIDE + PANEL_WIDTH * panels.size();
    BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      g.drawString(title, SIDE, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      int left = SIDE;
      for (Map.Entry<String, List<ThroughputRow>> panel : panels.entrySet()) {
        panel(g, left, panel.getKey(), panel.getValue());
        left += PANEL_WIDTH;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Rows grouped by {@code workload, batch N}, in first-appearance order; a later duplicate system replaces. */
  static Map<String, List<ThroughputRow>> panels(List<ThroughputRow> rows) {
    Map<String, Map<String, ThroughputRow>> grouped = new LinkedHashMap<>();
    for (ThroughputRow row : rows) {
      grouped.computeIfAbsent(row.workload() + ", batch " + row.batch(), k -> new LinkedHashMap<>())
          .put(row.system(), row);
    }
    Map<String, List<ThroughputRow>> panels = new LinkedHashMap<>();
    grouped.forEach((key, bySystem) -> panels.put(key, new ArrayList<>(bySystem.values())));
    return panels;
  }

  private static void panel(Graphics2D g, int left, String label, List<ThroughputRow> bars) {
    int x0 = left + 40;
    int x1 = left + PANEL_WIDTH - 10;
    int y0 = HEIGHT - BOTTOM;
    int y1 = TOP;
    double step = tickStep(bars.stream().mapToDouble(ThroughputRow::imagesPerSecond).max().orElse(1) * 1.1 / 4);
    int ticks = (int) Math.ceil(bars.stream().mapToDouble(ThroughputRow::imagesPerSecond).max().orElse(1) * 1.1
        / step);
    double max = step * ticks;
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i <= ticks; i++) {
      int y = y0 - (y0 - y1) * i / ticks;
      g.setColor(GRID);
      g.drawLine(x0, y, x1, y);
      g.setColor(Color.DARK_GRAY);
      String tick = number(step * i);
      g.drawString(tick, x0 - 4 - fm.stringWidth(tick), y + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawLine(x0, y0, x1, y0);
    List<String> lines = TextLines.wrap(label, 28);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      g.drawString(line, (x0 + x1 - fm.stringWidth(line)) / 2, 42 + i * (fm.getHeight()));
    }
    int slot = (x1 - x0) / bars.size();
    int barWidth = Math.min(50, slot - 10);
    for (int i = 0; i < bars.size(); i++) {
      ThroughputRow bar = bars.get(i);
      int height = (int) Math.round((y0 - y1) * bar.imagesPerSecond() / max);
      int x = x0 + i * slot + (slot - barWidth) / 2;
      g.setColor(COLORS.getOrDefault(bar.system(), OTHER));
      g.fillRect(x, y0 - height, barWidth, height);
      g.setColor(Color.BLACK);
      String value = number(bar.imagesPerSecond());
      g.drawString(value, x + (barWidth - fm.stringWidth(value)) / 2, y0 - height - 4);
      String name = bar.system();
      g.drawString(name, x + (barWidth - fm.stringWidth(name)) / 2, y0 + fm.getAscent() + 4);
    }
  }

  /** A round axis step of at least {@code raw}: 1, 2, 2.5 or 5 times a power of ten. */
  static double tickStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** A value with 3 significant digits or so: 1234, 123, 12.3, 1.23. */
  static String number(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
  }
}
