package io.jresnet.train;

/**
 * What a training or evaluation loop reports for a classifier, accumulated over batches: the mean loss, top-1 and
 * top-5 accuracy and the confusion matrix. Top-5 is {@code min(5, classes)}, so with five classes or fewer it is
 * always 1. Not thread-safe.
 */
public final class ClassificationMetrics {
  private final RunningMean loss = new RunningMean();
  private final TopKAccuracy top1;
  private final TopKAccuracy top5;
  private final ConfusionMatrix confusion;

  public ClassificationMetrics(int classes) {
    Scores.requireClasses(classes);
    this.top1 = new TopKAccuracy(1, classes);
    this.top5 = new TopKAccuracy(Math.min(5, classes), classes);
    this.confusion = new ConfusionMatrix(classes);
  }

  /**
   * Adds one batch.
   *
   * @param meanLoss the batch's mean loss (as {@link Loss#compute} returns it)
   * @param scores {@code [N, K]} row-major probabilities or logits, no NaN
   * @param labels N class indices in {@code [0, K)}
   * @throws IllegalArgumentException naming the batch index of a bad label or NaN score; nothing is counted then
   */
  public void add(double meanLoss, float[] scores, int[] labels) {
    // Checked once up front so that a bad batch leaves every metric unchanged, not just some of them.
    Scores.check(scores, labels, confusion.classes());
    loss.add(meanLoss, labels.length);
    top1.add(scores, labels);
    top5.add(scores, labels);
    confusion.add(scores, labels);
  }

  /** The mean loss over all samples added; NaN before any. */
  public double loss() {
    return loss.mean();
  }

  /** Top-1 accuracy; NaN before any sample. */
  public double top1() {
    return top1.value();
  }

  /** Top-5 accuracy (top-K with fewer than five classes); NaN before any sample. */
  public double top5() {
    return top5.value();
  }

  /** The live confusion matrix (it keeps accumulating). */
  public ConfusionMatrix confusion() {
    return confusion;
  }

  /** Samples added. */
  public long count() {
    return loss.count();
  }

  public void reset() {
    loss.reset();
    top1.reset();
    top5.reset();
    confusion.reset();
  }
}
