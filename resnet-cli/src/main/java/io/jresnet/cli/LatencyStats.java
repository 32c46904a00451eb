package io.jresnet.cli;

import java.util.Arrays;

/**
 * Latencies of timed iterations, in milliseconds.
 *
 * @param medianMs the middle value (the mean of the two middle ones for an even count)
 * @param minMs the fastest iteration
 * @param maxMs the slowest iteration
 * @param count how many iterations
 */
record LatencyStats(double medianMs, double minMs, double maxMs, int count) {
  LatencyStats {
    if (count < 1 || !(minMs <= medianMs && medianMs <= maxMs)) {
      throw new IllegalArgumentException(
          "inconsistent latencies: min " + minMs + ", median " + medianMs + ", max " + maxMs + " over " + count);
    }
  }

  /** The statistics of {@code nanos}, one duration per iteration (at least one). */
  static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no iterations were timed");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    return new LatencyStats(median / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
  }

  /** Images per second at the median latency for batches of {@code batch} images. */
  double imagesPerSecond(int batch) {
    return batch * 1000.0 / medianMs;
  }
}
