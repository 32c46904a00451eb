package io.jresnet.bench;

/**
 * The measured time of one of a model's distinct convolutions.
 *
 * @param conv the convolution and how often the model runs it
 * @param samples its timed calls
 * @param pairedFraction the fraction of the FMA peak its calls reached, side by side ({@link PairedTiming}), or NaN
 *     when it was timed without peak trials
 */
public record ConvTiming(ModelConv conv, Samples samples, double pairedFraction) {
  public ConvTiming {
    if (!Double.isNaN(pairedFraction) && !(pairedFraction > 0 && Double.isFinite(pairedFraction))) {
      throw new IllegalArgumentException("a fraction of the peak must be positive and finite, got " + pairedFraction);
    }
  }

  /** A conv timed without peak trials. */
  public ConvTiming(ModelConv conv, Samples samples) {
    this(conv, samples, Double.NaN);
  }

  /** A conv timed side by side with the peak. */
  public ConvTiming(ModelConv conv, PairedTiming paired) {
    this(conv, paired.calls(), paired.medianFraction());
  }

  public boolean paired() {
    return !Double.isNaN(pairedFraction);
  }

  public double gflops() {
    return samples.gflops(conv.shape().flops());
  }

  /** GFLOPS of the fastest call. */
  public double bestGflops() {
    return conv.shape().flops() / (samples.minMs() * 1e6);
  }

  /**
   * The GFLOPS of a whole model's worth of these convolutions: every one counted as often as the model runs it, so
   * that the big shapes weigh by their share of the work ({@code sum(count * flops) / sum(count * time)}).
   */
  public static double weightedGflops(Iterable<ConvTiming> timings) {
    return weighted(timings, false);
  }

  /** {@link #weightedGflops} over each conv's fastest call instead of its median. */
  public static double weightedBestGflops(Iterable<ConvTiming> timings) {
    return weighted(timings, true);
  }

  /**
   * The fraction of the peak a whole model's worth of these convolutions reached side by side: each conv's FLOPs
   * over its time in units of peak-time ({@code flops / fraction}), summed, so that a conv weighs by its share of the
   * work as in {@link #weightedGflops}; NaN unless every conv was timed side by side.
   */
  public static double weightedPairedFraction(Iterable<ConvTiming> timings) {
    double flops = 0;
    double peakTime = 0;
    for (ConvTiming t : timings) {
      if (!t.paired()) {
        return Double.NaN;
      }
      double work = t.conv().occurrences() * t.conv().shape().flops();
      flops += work;
      peakTime += work / t.pairedFraction();
    }
    if (peakTime == 0) {
      throw new IllegalArgumentException("no convolutions were timed");
    }
    return flops / peakTime;
  }

  private static double weighted(Iterable<ConvTiming> timings, boolean best) {
    double flops = 0;
    double millis = 0;
    for (ConvTiming t : timings) {
      flops += t.conv().occurrences() * t.conv().shape().flops();
      millis += t.conv().occurrences() * (best ? t.samples().minMs() : t.samples().medianMs());
    }
    if (millis == 0) {
      throw new IllegalArgumentException("no convolutions were timed");
    }
    return flops / (millis * 1e6);
  }
}
