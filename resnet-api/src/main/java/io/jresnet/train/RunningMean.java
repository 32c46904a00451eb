package io.jresnet.train;

/**
 * A mean over everything added since the last reset, weighted by count: batch losses (each a mean over its batch)
 * combine into the mean over all samples, whatever the size of the last batch. Not thread-safe.
 */
public final class RunningMean {
  private double sum;
  private long count;

  /**
   * Adds {@code count} samples whose mean is {@code mean}.
   *
   * @throws IllegalArgumentException if {@code count < 0}
   */
  public void add(double mean, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("running mean: the count must be >= 0, got " + count);
    }
    if (count > 0) {
      sum += mean * count;
      this.count += count;
    }
  }

  /** The mean of all samples added; NaN before any (and NaN or infinite once a NaN or infinite mean was added). */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The number of samples added. */
  public long count() {
    return count;
  }

  public void reset() {
    sum = 0;
    count = 0;
  }
}
