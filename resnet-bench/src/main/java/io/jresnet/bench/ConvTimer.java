package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.backend.KernelBurst;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Times one convolution through the backend SPI exactly as inference runs it ({@link ConvFixture}): back to back
 * inside one {@linkplain Backend#burst() kernel burst}, as a forward pass calls its convolutions, so that no call
 * pays for waking the backend's parked worker threads.
 */
public final class ConvTimer {
  private ConvTimer() {}

  /**
   * The median of {@code repetitions} timed calls after {@code warmup} untimed ones, on random data from {@code
   * seed}.
   */
  public static Samples time(Backend backend, ConvShape shape, int warmup, int repetitions, long seed) {
    if (warmup < 0 || repetitions < 1) {
      throw new IllegalArgumentException(
          "warmup must be >= 0 and repetitions >= 1, got " + warmup + " and " + repetitions);
    }
    try (ConvFixture conv = new ConvFixture(backend, shape, seed); KernelBurst burst = backend.burst()) {
      for (int i = 0; i < warmup; i++) {
        conv.run();
      }
      return Samples.ofNanos(timedCalls(conv, repetitions));
    }
  }

  /**
   * {@code slices} slices of calls, each of at least {@code minCalls} calls and about {@code sliceMillis} ms, after
   * {@code warmup} untimed calls; {@code peakTrial} runs before the first slice and after each one, outside the kernel
   * burst (whose spinning workers would take the trial's cores). Each slice's median call is set against the mean of
   * the trials on either side of it.
   */
  public static PairedTiming timePaired(
      Backend backend, ConvShape shape, int warmup, int slices, int minCalls, double sliceMillis, long seed,
      DoubleSupplier peakTrial) {
    if (warmup < 0 || slices < 1 || minCalls < 1 || !(sliceMillis > 0)) {
      throw new IllegalArgumentException(
          "warmup must be >= 0, slices and minCalls >= 1 and sliceMillis > 0, got " + warmup + ", " + slices + ", "
              + minCalls + " and " + sliceMillis);
    }
    try (ConvFixture conv = new ConvFixture(backend, shape, seed)) {
      long estimate;
      try (KernelBurst burst = backend.burst()) {
        for (int i = 0; i < warmup; i++) {
          conv.run();
        }
        long start = System.nanoTime();
        conv.run();
        estimate = Math.max(1, System.nanoTime() - start);
      }
      int calls = (int) Math.max(minCalls, Math.min(10_000, sliceMillis * 1e6 / estimate));
      long[] all = new long[slices * calls];
      double[] sliceMedians = new double[slices];
      double[] peaks = new double[slices + 1];
      peaks[0] = peakTrial.getAsDouble();
      for (int s = 0; s < slices; s++) {
        long[] nanos;
        try (KernelBurst burst = backend.burst()) {
          // One call to bring the parked workers back and the data into cache, as the previous slice left them.
          conv.run();
          nanos = timedCalls(conv, calls);
        }
        System.arraycopy(nanos, 0, all, s * calls, calls);
        sliceMedians[s] = Samples.ofNanos(nanos).medianMs();
        peaks[s + 1] = peakTrial.getAsDouble();
      }
      return new PairedTiming(Samples.ofNanos(all), PairedTiming.fractions(shape.flops(), sliceMedians, peaks));
    }
  }

  /** {@code calls} calls of {@code conv}, each timed on its own, in nanoseconds. */
  private static long[] timedCalls(ConvFixture conv, int calls) {
    return timedCalls(List.of(conv), calls);
  }

  /** {@code calls} calls, each timed on its own, in nanoseconds, call {@code i} on fixture {@code i % size}. */
  static long[] timedCalls(List<ConvFixture> fixtures, int calls) {
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      ConvFixture conv = fixtures.get(i % fixtures.size());
      long start = System.nanoTime();
      conv.run();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }
}
