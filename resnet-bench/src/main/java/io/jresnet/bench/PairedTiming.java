package io.jresnet.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One conv timed side by side with the FMA peak: its calls in slices, each slice between two peak trials, and for
 * each slice the fraction of the peak its median call reached (its GFLOPS over the mean of the trials on either
 * side). On a shared machine whose speed moves by tens of percent over seconds, a fraction measured next to its own
 * peak compares like with like, where one conv's burst of calls set against a peak from another minute does not.
 *
 * @param calls every timed call of every slice
 * @param fractions one fraction of the peak per slice
 */
public record PairedTiming(Samples calls, List<Double> fractions) {
  public PairedTiming {
    fractions = List.copyOf(fractions);
    if (fractions.isEmpty() || fractions.stream().anyMatch(f -> !(f > 0) || Double.isInfinite(f))) {
      throw new IllegalArgumentException("fractions of the peak must be positive and finite, got " + fractions);
    }
  }

  /**
   * The fractions of slices of median calls {@code sliceMedianMs} of a conv of {@code flops}, each against the mean
   * of the peak trials before and after it ({@code peaks} has one more entry than there are slices).
   */
  static List<Double> fractions(double flops, double[] sliceMedianMs, double[] peaks) {
    if (peaks.length != sliceMedianMs.length + 1) {
      throw new IllegalArgumentException(
          sliceMedianMs.length + " slices need " + (sliceMedianMs.length + 1) + " peak trials, got " + peaks.length);
    }
    Double[] out = new Double[sliceMedianMs.length];
    for (int s = 0; s < out.length; s++) {
      double gflops = flops / (sliceMedianMs[s] * 1e6);
      out[s] = gflops / ((peaks[s] + peaks[s + 1]) / 2);
    }
    return Arrays.asList(out);
  }

  /** The median slice's fraction (the mean of the two middle ones for an even count). */
  public double medianFraction() {
    double[] sorted = fractions.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
