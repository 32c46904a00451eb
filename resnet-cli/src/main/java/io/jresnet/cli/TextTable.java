package io.jresnet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: left-aligned columns (right-aligned where asked) separated by two spaces, no borders, so that
 * the output pastes cleanly into issues and READMEs. The last column is never padded; long text there runs on, or
 * wraps onto indented continuation lines with {@link #wrapLastColumn}.
 */
final class TextTable {
  private final String[] header;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();
  private int lineWidth = Integer.MAX_VALUE;

  /** Columns named by {@code header}; a name starting with {@code >} is right-aligned (the {@code >} is dropped). */
  TextTable(String... header) {
    this.header = new String[header.length];
    this.rightAligned = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      rightAligned[i] = header[i].startsWith(">");
      this.header[i] = rightAligned[i] ? header[i].substring(1) : header[i];
    }
  }

  /** Wraps the last column at spaces so that lines stay within {@code width} columns where words allow. */
  TextTable wrapLastColumn(int width) {
    this.lineWidth = width;
    return this;
  }

  /** Adds a row; missing trailing cells are blank. */
  TextTable row(Object... cells) {
    if (cells.length > header.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.length);
    }
    String[] row = new String[header.length];
    Arrays.fill(row, "");
    for (int i = 0; i < cells.length; i++) {
      row[i] = String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    printRow(out, header, widths);
    for (String[] row : rows) {
      printRow(out, row, widths);
    }
    out.flush();
  }

  private void printRow(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    int lastStart = 0;
    for (int i = 0; i < cells.length - 1; i++) {
      lastStart += widths[i] + 2;
    }
    List<String> lastLines = wrap(cells[cells.length - 1], Math.max(20, lineWidth - lastStart));
    for (int i = 0; i < cells.length; i++) {
      boolean last = i == cells.length - 1;
      String padding = " ".repeat(widths[i] - cells[i].length());
      if (rightAligned[i]) {
        line.append(padding).append(cells[i]);
      } else {
        line.append(last ? lastLines.getFirst() : cells[i] + padding);
      }
      if (!last) {
        line.append("  ");
      }
    }
    out.println(line.toString().stripTrailing());
    for (String continuation : lastLines.subList(1, lastLines.size())) {
      out.println(" ".repeat(lastStart) + continuation);
    }
  }

  /** {@code text} split at spaces into lines of at most {@code width} characters (longer words stay whole). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
