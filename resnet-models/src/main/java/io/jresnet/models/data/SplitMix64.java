package io.jresnet.models.data;

/**
 * The SplitMix64 generator (Steele, Lea, Flood 2014), written out so that shuffles and augmentations depend on
 * nothing but their seeds, whatever the JDK. Not thread-safe: each use makes its own from {@link #seedOf}.
 */
final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    state = seed;
  }

  /**
   * A seed for the stream {@code (seed, purpose, epoch, index)}: each part is folded in through the finaliser, so
   * neighbouring epochs or indices give unrelated streams.
   */
  static long seedOf(long seed, long purpose, long epoch, long index) {
    long h = mix(seed + GOLDEN_GAMMA);
    h = mix(h ^ (purpose * GOLDEN_GAMMA));
    h = mix(h ^ (epoch * GOLDEN_GAMMA + 1));
    return mix(h ^ (index * GOLDEN_GAMMA + 2));
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}, by rejection so that no value is favoured. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long limit = Long.divideUnsigned(-1L, bound) * bound;
    long r;
    do {
      r = nextLong();
    } while (Long.compareUnsigned(r, limit) >= 0);
    return (int) Long.remainderUnsigned(r, bound);
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
