package io.jresnet.train;

/**
 * The fraction of samples whose label is among the {@code k} highest-scoring classes, accumulated over batches of
 * host scores ({@code [N, K]} row-major logits or probabilities, as {@link Scores} describes; ties go to the lower
 * class index). When {@code k >= classes} every sample counts as correct. Not thread-safe.
 */
public final class TopKAccuracy {
  private final int k;
  private final int classes;
  private long correct;
  private long total;

  /**
   * @param k {@code >= 1}; 1 is plain accuracy
   * @param classes K, the row length of the scores
   */
  public TopKAccuracy(int k, int classes) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k accuracy: k must be >= 1, got " + k);
    }
    Scores.requireClasses(classes);
    this.k = k;
    this.classes = classes;
  }

  /**
   * Adds one batch.
   *
   * @param scores {@code [N, K]} row-major, no NaN
   * @param labels N class indices in {@code [0, K)}
   * @throws IllegalArgumentException naming the batch index of a bad label or NaN score; nothing is counted then
   */
  public void add(float[] scores, int[] labels) {
    Scores.check(scores, labels, classes);
    for (int n = 0; n < labels.length; n++) {
      if (Scores.rankOf(scores, n, classes, labels[n]) < k) {
        correct++;
      }
    }
    total += labels.length;
  }

  public int k() {
    return k;
  }

  /** Correct samples so far. */
  public long correct() {
    return correct;
  }

  /** Samples so far. */
  public long total() {
    return total;
  }

  /** {@link #correct()} / {@link #total()}; NaN before any sample. */
  public double value() {
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  public void reset() {
    correct = 0;
    total = 0;
  }
}
