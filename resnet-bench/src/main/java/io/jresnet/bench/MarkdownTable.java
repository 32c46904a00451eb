package io.jresnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown pipe table with padded columns, readable in a terminal and pasteable into {@code BENCHMARKS.md}. A
 * header name starting with {@code >} makes its column right-aligned (the {@code >} is dropped).
 */
public final class MarkdownTable {
  private final String[] header;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  public MarkdownTable(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = new String[header.length];
    this.right = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      right[i] = header[i].startsWith(">");
      this.header[i] = right[i] ? header[i].substring(1) : header[i];
    }
  }

  /** Adds a row of exactly one cell per column. */
  public MarkdownTable row(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + header.length);
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
    return this;
  }

  /** The table, one line per row, each ending in a newline. */
  public String render() {
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = Math.max(3, header[i].length());
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    out.append('|');
    for (int i = 0; i < header.length; i++) {
      out.append(' ').append("-".repeat(widths[i] - (right[i] ? 1 : 0))).append(right[i] ? ":" : "").append(" |");
    }
    out.append('\n');
    for (String[] row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, String[] cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - cells[i].length());
      out.append(' ').append(right[i] ? pad + cells[i] : cells[i] + pad).append(" |");
    }
    out.append('\n');
  }
}
