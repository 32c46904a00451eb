package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.backend.KernelBurst;

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
      long[] nanos = new long[repetitions];
      for (int i = 0; i < repetitions; i++) {
        long start = System.nanoTime();
        conv.run();
        nanos[i] = System.nanoTime() - start;
      }
      return Samples.ofNanos(nanos);
    }
  }
}
