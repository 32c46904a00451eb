package io.jresnet.bench;

import java.util.Locale;

/**
 * The FMA peak at both vector widths, on one thread and on {@code threads} threads.
 *
 * @param threads the thread count of the multi-threaded figures (the backend's)
 * @param single512 GFLOPS, 512-bit, 1 thread
 * @param all512 GFLOPS, 512-bit, {@code threads} threads
 * @param single256 GFLOPS, 256-bit, 1 thread
 * @param all256 GFLOPS, 256-bit, {@code threads} threads
 */
public record FmaPeaks(int threads, double single512, double all512, double single256, double all256) {
  public FmaPeaks {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (!(single512 > 0 && all512 > 0 && single256 > 0 && all256 > 0)) {
      throw new IllegalArgumentException("FMA peaks must be positive");
    }
  }

  /** Measures all four, each the best of {@code trials} trials of about {@code trialMillis} ms. */
  public static FmaPeaks measure(int threads, int trialMillis, int trials) {
    return new FmaPeaks(
        threads,
        FmaPeak.measure(VectorWidth.BITS_512, 1, trialMillis, trials),
        FmaPeak.measure(VectorWidth.BITS_512, threads, trialMillis, trials),
        FmaPeak.measure(VectorWidth.BITS_256, 1, trialMillis, trials),
        FmaPeak.measure(VectorWidth.BITS_256, threads, trialMillis, trials));
  }

  /**
   * The larger of each figure of this and {@code other} (same thread count): on a shared machine a trial can only
   * lose speed to other processes, so the best measurement is the closest to the machine's real peak.
   */
  public FmaPeaks max(FmaPeaks other) {
    if (other.threads != threads) {
      throw new IllegalArgumentException("peaks for " + threads + " and " + other.threads + " threads do not mix");
    }
    return new FmaPeaks(
        threads,
        Math.max(single512, other.single512),
        Math.max(all512, other.all512),
        Math.max(single256, other.single256),
        Math.max(all256, other.all256));
  }

  /** The machine's peak on {@code threads} threads: the faster width. */
  public double peak() {
    return Math.max(all512, all256);
  }

  /** The width that reaches {@link #peak()}. */
  public VectorWidth peakWidth() {
    return all512 >= all256 ? VectorWidth.BITS_512 : VectorWidth.BITS_256;
  }

  /** One line stating all four figures and which one reports use. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "FMA peak (Vector API FMA loop, GFLOPS): 512-bit %.1f on 1 thread, %.1f on %d; 256-bit %.1f on 1 thread,"
            + " %.1f on %d | %% of peak below = of %.1f (%s, %d threads)",
        single512,
        all512,
        threads,
        single256,
        all256,
        threads,
        peak(),
        peakWidth(),
        threads);
  }
}
