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

  /**
   * The GFLOPS of a whole model's worth of these convolutions: every one counted as often as the model runs it, so
   * that the big shapes weigh by their share of the work ({@code sum(count * flops) / sum(count * time)}).
   */
  public static double weightedGflops(Iterable<ConvTiming> timings) {
    double flops = 0;
    double millis = 0;
    for (ConvTiming t : timings) {
      flops += t.conv().occurrences() * t.conv().shape().flops();
      millis += t.conv().occurrences() * t.samples().medianMs();
    }
    if (millis == 0) {
      throw new IllegalArgumentException("no convolutions were timed");
    }
    return flops / (millis * 1e6);
  }
}
