package io.jresnet.bench;

import java.util.Arrays;

/**
 * Durations of repeated timed runs, in milliseconds.
 *
 * @param medianMs the middle value (the mean of the two middle ones for an even count)
 * @param minMs the fastest run
 * @param maxMs the slowest run
 * @param count how many runs
 */
public record Samples(double medianMs, double minMs, double maxMs, int count) {
  public Samples {
    if (count < 1 || !(minMs <= medianMs && medianMs <= maxMs)) {
      throw new IllegalArgumentException(
          "inconsistent samples: min " + minMs + ", median " + medianMs + ", max " + maxMs + " over " + count);
    }
  }

  /** The statistics of {@code nanos}, one duration per run (at least one). */
  public static Samples ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no runs were timed");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    return new Samples(median / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
  }

  /** Items per second at the median, for runs of {@code itemsPerRun} items each. */
  public double perSecond(int itemsPerRun) {
    return itemsPerRun * 1000.0 / medianMs;
  }

  /** GFLOPS at the median, for runs of {@code flopsPerRun} floating-point operations each. */
  public double gflops(double flopsPerRun) {
    return flopsPerRun / (medianMs * 1e6);
  }
}
