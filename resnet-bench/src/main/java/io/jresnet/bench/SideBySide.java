package io.jresnet.bench;

/**
 * Times two runners alternately in one process, so that whatever else loads the machine hits both alike: warm-up
 * forwards of each in turn, then {@code rounds} rounds of one timed forward each, the order swapped every round.
 * Around every timed forward it also reads the heap counters, so that each side's allocations and collections are
 * its own.
 */
public final class SideBySide {
  private SideBySide() {}

  /** The outcome for the two runners, in the order given. */
  public record Outcome(Samples first, Samples second, HeapActivity firstHeap, HeapActivity secondHeap,
      HeapActivity timedPhase) {}

  /** Runs {@code warmup} untimed and {@code rounds} timed forwards of each of {@code a} and {@code b}. */
  public static Outcome run(BatchRunner a, BatchRunner b, int warmup, int rounds) {
    if (warmup < 0 || rounds < 1) {
      throw new IllegalArgumentException("warmup must be >= 0 and rounds >= 1, got " + warmup + " and " + rounds);
    }
    for (int i = 0; i < warmup; i++) {
      a.forward();
      b.forward();
    }
    long[] nanosA = new long[rounds];
    long[] nanosB = new long[rounds];
    HeapActivity[] heap = {HeapActivity.none(), HeapActivity.none()};
    HeapActivity phaseStart = HeapActivity.now();
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        nanosA[r] = timed(a, heap, 0);
        nanosB[r] = timed(b, heap, 1);
      } else {
        nanosB[r] = timed(b, heap, 1);
        nanosA[r] = timed(a, heap, 0);
      }
    }
    HeapActivity phase = HeapActivity.now().since(phaseStart);
    return new Outcome(Samples.ofNanos(nanosA), Samples.ofNanos(nanosB), heap[0], heap[1], phase);
  }

  private static long timed(BatchRunner runner, HeapActivity[] heap, int slot) {
    HeapActivity before = HeapActivity.now();
    long start = System.nanoTime();
    runner.forward();
    long nanos = System.nanoTime() - start;
    long allocatedAfter = HeapActivity.allocatedBytesNow();
    HeapActivity after = HeapActivity.now();
    HeapActivity during =
        new HeapActivity(allocatedAfter, after.collections(), after.collectionMillis()).since(before);
    heap[slot] = heap[slot].plus(during);
    return nanos;
  }
}
