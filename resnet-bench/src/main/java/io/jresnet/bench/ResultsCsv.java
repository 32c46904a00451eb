package io.jresnet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark results file: a header line {@value #HEADER}, then one {@link ThroughputRow} per line. The
 * comparison harness writes it, shell scripts append PyTorch's rows in the same format, and {@link
 * ThroughputChart} draws it.
 */
public final class ResultsCsv {
  public static final String HEADER = "system,workload,batch,images_per_s";

  private ResultsCsv() {}

  /** {@code row} as one CSV line (no newline). */
  public static String line(ThroughputRow row) {
    return String.format(
        Locale.ROOT, "%s,%s,%d,%.2f", row.system(), row.workload(), row.batch(), row.imagesPerSecond());
  }

  /** Replaces {@code file} with the header and {@code rows}, creating its directory. */
  public static void write(Path file, List<ThroughputRow> rows) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    rows.forEach(row -> text.append(line(row)).append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Appends {@code rows} to {@code file}, writing the header first when the file is new or empty. */
  public static void append(Path file, List<ThroughputRow> rows) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      write(file, rows);
      return;
    }
    StringBuilder text = new StringBuilder();
    rows.forEach(row -> text.append(line(row)).append('\n'));
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /**
   * The rows of {@code file}.
   *
   * @throws IOException when it cannot be read, or when a line is malformed (the message names the file and line)
   */
  public static List<ThroughputRow> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().strip().equals(HEADER)) {
      throw new IOException(file + ":1: expected the header '" + HEADER + "'");
    }
    List<ThroughputRow> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        if (cells.length != 4) {
          throw new IllegalArgumentException("expected 4 comma-separated values, got " + cells.length);
        }
        rows.add(
            new ThroughputRow(cells[0].strip(), cells[1].strip(), Integer.parseInt(cells[2].strip()),
                Double.parseDouble(cells[3].strip())));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage() + " in '" + line + "'", e);
      }
    }
    return List.copyOf(rows);
  }
}
