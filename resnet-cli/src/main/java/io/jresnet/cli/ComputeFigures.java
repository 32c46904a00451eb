package io.jresnet.cli;

import io.jresnet.bench.FmaPeak;
import io.jresnet.bench.VectorWidth;
import java.util.Locale;

/**
 * What {@code resnet bench} adds to the latency: the arithmetic rate of the model against this CPU's FMA peak, and
 * the heap bytes each iteration allocates.
 *
 * @param flopsPerIteration floating-point operations of one iteration (2 per multiply-add)
 * @param medianMs the median iteration time
 * @param peakGflops the CPU's FMA peak on the backend's thread count (the faster vector width), or 0 when not
 *     measured
 * @param peakWidth the width that reached it, or null
 * @param threads the backend's threads
 * @param bytesPerIteration heap bytes allocated per timed iteration, all threads; -1 when the JVM does not say
 */
record ComputeFigures(
    double flopsPerIteration,
    double medianMs,
    double peakGflops,
    VectorWidth peakWidth,
    int threads,
    long bytesPerIteration) {
  /** How long each width's FMA loop runs per trial for the CLI: short, since it only sets the scale. */
  private static final int PEAK_TRIAL_MILLIS = 150;

  /** The CPU's FMA peak on {@code threads} threads: both widths measured, the faster one kept. */
  static ComputeFigures withPeak(
      double flopsPerIteration, double medianMs, int threads, long bytesPerIteration) {
    double p512 = FmaPeak.measure(VectorWidth.BITS_512, threads, PEAK_TRIAL_MILLIS, 2);
    double p256 = FmaPeak.measure(VectorWidth.BITS_256, threads, PEAK_TRIAL_MILLIS, 2);
    VectorWidth width = p512 >= p256 ? VectorWidth.BITS_512 : VectorWidth.BITS_256;
    return new ComputeFigures(
        flopsPerIteration, medianMs, Math.max(p512, p256), width, threads, bytesPerIteration);
  }

  double gflops() {
    return flopsPerIteration / (medianMs * 1e6);
  }

  /**
   * {@code compute: 123.4 GFLOPS at the median (45.6% of this CPU's FMA peak, 270.1 GFLOPS: 512-bit, 2 threads)},
   * without the part in parentheses when the peak was not measured.
   */
  String computeLine(String counted) {
    String line = String.format(Locale.ROOT, "compute: %.1f GFLOPS at the median (%s)", gflops(), counted);
    if (peakGflops > 0) {
      line +=
          String.format(
              Locale.ROOT,
              "; %.1f%% of this CPU's FMA peak, %.1f GFLOPS (%s, %d threads)",
              100 * gflops() / peakGflops,
              peakGflops,
              peakWidth,
              threads);
    }
    return line;
  }

  /** {@code allocated: 1.5 MiB per iteration (heap, all threads, timed iterations)}. */
  String allocationLine() {
    if (bytesPerIteration < 0) {
      return "allocated: unknown (this JVM does not count allocated bytes per thread)";
    }
    return "allocated: " + bytes(bytesPerIteration) + " per iteration (heap, all threads, timed iterations)";
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
  }
}
