package io.jresnet.bench;

/**
 * The measured time of one of a model's distinct convolutions.
 *
 * @param conv the convolution and how often the model runs it
 * @param samples its timed calls
 */
public record ConvTiming(ModelConv conv, Samples samples) {
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
