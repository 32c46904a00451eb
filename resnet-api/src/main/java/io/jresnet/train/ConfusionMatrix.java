package io.jresnet.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Counts of (actual class, predicted class) pairs over an evaluation, K x K: rows are actual classes, columns
 * predicted ones (scikit-learn's convention), the prediction being a row's top-scoring class (ties go to the lower
 * index, as for {@link TopKAccuracy}). Not thread-safe.
 */
public final class ConfusionMatrix {
  private final int classes;
  private final long[] counts;
  private long total;

  /** An empty K x K matrix. */
  public ConfusionMatrix(int classes) {
    Scores.requireClasses(classes);
    this.classes = classes;
    this.counts = new long[Math.multiplyExact(classes, classes)];
  }

  public int classes() {
    return classes;
  }

  /**
   * Adds one batch, predicting each row's top class.
   *
   * @param scores {@code [N, K]} row-major logits or probabilities, no NaN
   * @param labels N actual class indices in {@code [0, K)}
   * @throws IllegalArgumentException naming the batch index of a bad label or NaN score; nothing is counted then
   */
  public void add(float[] scores, int[] labels) {
    Scores.check(scores, labels, classes);
    for (int n = 0; n < labels.length; n++) {
      add(labels[n], Scores.argmax(scores, n, classes));
    }
  }

  /** Counts one sample of class {@code actual} predicted as {@code predicted}. */
  public void add(int actual, int predicted) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    counts[actual * classes + predicted]++;
    total++;
  }

  /** Samples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    return counts[actual * classes + predicted];
  }

  /** All samples counted. */
  public long total() {
    return total;
  }

  /** Correct predictions over all samples (top-1 accuracy); NaN when empty. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c * classes + c];
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** Of the samples of class {@code c}, the fraction predicted as {@code c}; NaN when there are none. */
  public double recall(int c) {
    checkClass("class", c);
    long actual = 0;
    for (int p = 0; p < classes; p++) {
      actual += counts[c * classes + p];
    }
    return actual == 0 ? Double.NaN : (double) counts[c * classes + c] / actual;
  }

  /** Of the samples predicted as {@code c}, the fraction that are {@code c}; NaN when none were. */
  public double precision(int c) {
    checkClass("class", c);
    long predicted = 0;
    for (int a = 0; a < classes; a++) {
      predicted += counts[a * classes + c];
    }
    return predicted == 0 ? Double.NaN : (double) counts[c * classes + c] / predicted;
  }

  public void reset() {
    Arrays.fill(counts, 0);
    total = 0;
  }

  /**
   * The matrix as plain text in the CLI's table style (columns separated by two spaces, no borders, numbers
   * right-aligned): one row per actual class with its counts and recall, then a row of precisions; percentages
   * have one decimal, and {@code -} marks an undefined one (a class never seen or never predicted).
   *
   * <pre>
   * actual \ predicted    cat    dog    bird  recall
   * cat                     2      1       0   66.7%
   * dog                     0      3       0  100.0%
   * bird                    1      1       2   50.0%
   * precision           66.7%  60.0%  100.0%
   * </pre>
   *
   * @param labels K class names, in class order
   * @throws IllegalArgumentException if there are not exactly K names
   */
  public String toTable(List<String> labels) {
    Objects.requireNonNull(labels, "labels");
    if (labels.size() != classes) {
      throw new IllegalArgumentException(
          "confusion matrix: " + labels.size() + " class names given for " + classes + " classes");
    }
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[classes + 2];
    header[0] = "actual \\ predicted";
    for (int c = 0; c < classes; c++) {
      header[c + 1] = labels.get(c);
    }
    header[classes + 1] = "recall";
    rows.add(header);
    for (int a = 0; a < classes; a++) {
      String[] row = new String[classes + 2];
      row[0] = labels.get(a);
      for (int p = 0; p < classes; p++) {
        row[p + 1] = Long.toString(counts[a * classes + p]);
      }
      row[classes + 1] = percent(recall(a));
      rows.add(row);
    }
    String[] precisionRow = new String[classes + 2];
    precisionRow[0] = "precision";
    for (int p = 0; p < classes; p++) {
      precisionRow[p + 1] = percent(precision(p));
    }
    precisionRow[classes + 1] = "";
    rows.add(precisionRow);
    return render(rows);
  }

  private static String render(List<String[]> rows) {
    int columns = rows.getFirst().length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String padding = " ".repeat(widths[i] - row[i].length());
        // The first column (class names) reads left-aligned, numbers right-aligned.
        line.append(i == 0 ? row[i] + padding : padding + row[i]);
        if (i < columns - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  private void checkClass(String what, int c) {
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException(
          "confusion matrix: " + what + " class " + c + " is outside [0, " + classes + ")");
    }
  }
}
