package io.jresnet.train;

/**
 * Checks and ranks a batch of class scores on the host: {@code scores} is {@code [N, K]} row-major (logits or
 * probabilities: only the order within a row matters), {@code labels} holds N class indices. Ties rank the lower
 * class index first, as an argmax that returns the first maximum does.
 */
final class Scores {
  private Scores() {}

  /**
   * @throws IllegalArgumentException if the sizes disagree, a label is outside {@code [0, classes)} or a score is
   *     NaN, naming the batch index
   */
  static void check(float[] scores, int[] labels, int classes) {
    if ((long) labels.length * classes != scores.length) {
      throw new IllegalArgumentException(
          "scores hold " + scores.length + " values but " + labels.length + " labels x " + classes + " classes need "
              + (long) labels.length * classes);
    }
    for (int n = 0; n < labels.length; n++) {
      if (labels[n] < 0 || labels[n] >= classes) {
        throw new IllegalArgumentException(
            "label at batch index " + n + " is " + labels[n] + ", outside [0, " + classes + ")");
      }
      for (int c = 0; c < classes; c++) {
        if (Float.isNaN(scores[n * classes + c])) {
          throw new IllegalArgumentException("score at batch index " + n + ", class " + c + " is NaN");
        }
      }
    }
  }

  /** How many classes rank before {@code label} in row {@code n} (0 when it is the top class). */
  static int rankOf(float[] scores, int n, int classes, int label) {
    int row = n * classes;
    float own = scores[row + label];
    int rank = 0;
    for (int c = 0; c < classes; c++) {
      float s = scores[row + c];
      if (s > own || (s == own && c < label)) {
        rank++;
      }
    }
    return rank;
  }

  /** The top class of row {@code n}; the lowest index among equal maxima. */
  static int argmax(float[] scores, int n, int classes) {
    int row = n * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (scores[row + c] > scores[row + best]) {
        best = c;
      }
    }
    return best;
  }

  static void requireClasses(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("the number of classes must be >= 1, got " + classes);
    }
  }
}
