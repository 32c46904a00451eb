package io.jresnet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: left-aligned columns (right-aligned where asked) separated by two spaces, no borders, so that
 * the output pastes cleanly into issues and READMEs. The last column is never padded, so long text there may run on.
 */
final class TextTable {
  private final String[] header;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();

  /** Columns named by {@code header}; a name starting with {@code >} is right-aligned (the {@code >} is dropped). */
  TextTable(String... header) {
    this.header = new String[header.length];
    this.rightAligned = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      rightAligned[i] = header[i].startsWith(">");
      this.header[i] = rightAligned[i] ? header[i].substring(1) : header[i];
    }
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
    for (int i = 0; i < cells.length; i++) {
      boolean last = i == cells.length - 1;
      String padding = " ".repeat(widths[i] - cells[i].length());
      if (rightAligned[i]) {
        line.append(padding).append(cells[i]);
      } else {
        line.append(cells[i]).append(last ? "" : padding);
      }
      if (!last) {
        line.append("  ");
      }
    }
    out.println(line.toString().stripTrailing());
  }
}
