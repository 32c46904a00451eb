package io.jresnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 FMA peak as Java reaches it: a loop of independent Vector API fused multiply-adds with no
 * loads or stores, on one or more threads at once. Twelve accumulators hide the FMA latency (4 cycles on 2 ports
 * needs 8 in flight), and each species lives in its own {@code static final} field with its own loop, because a
 * species the JIT cannot see as a constant turns every vector operation into a slow call.
 *
 * <p>A measurement is the best of several trials: each trial starts every thread at a barrier, runs a fixed number
 * of iterations, and divides the FLOPs of all threads (2 per lane per FMA) by the wall time from the first thread's
 * start to the last one's end, as the threads themselves clock them.
 */
public final class FmaPeak {
  private static final VectorSpecies<Float> S512 = FloatVector.SPECIES_512;
  private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
  /** Fused multiply-adds per loop iteration: one per accumulator. */
  static final int FMAS_PER_ITERATION = 12;

  private FmaPeak() {}

  /**
   * The measured peak in GFLOPS.
   *
   * @param width vector width of the FMA loop
   * @param threads threads running the loop at once (each its own platform thread)
   * @param trialMillis rough duration of one trial; the best of {@code trials} counts
   * @param trials number of timed trials after the warm-up
   */
  public static double measure(VectorWidth width, int threads, int trialMillis, int trials) {
    if (threads < 1 || trialMillis < 1 || trials < 1) {
      throw new IllegalArgumentException(
          "threads, trialMillis and trials must be >= 1, got " + threads + ", " + trialMillis + ", " + trials);
    }
    long trialIterations = iterationsFor(width, trialMillis);
    double best = 0;
    for (int t = 0; t < trials; t++) {
      best = Math.max(best, trial(width, threads, trialIterations));
    }
    return best;
  }

  /**
   * Loop iterations that take about {@code trialMillis} ms on one thread at {@code width}, measured after warming
   * the loop up on this thread until it is compiled.
   */
  static long iterationsFor(VectorWidth width, int trialMillis) {
    // Every result is consumed: the vector operations have no side effects, so an unused loop would be removed whole.
    long iterations = 20_000;
    float sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += run(width, iterations);
    }
    long start = System.nanoTime();
    sum += run(width, iterations * 10);
    double nanosPerIteration = Math.max(0.01, (System.nanoTime() - start) / (iterations * 10.0));
    requireFinite(sum);
    return Math.max(1000, (long) (trialMillis * 1e6 / nanosPerIteration));
  }

  /** FLOPs one thread performs in {@code iterations} loop iterations at {@code width}. */
  static double flops(VectorWidth width, long iterations) {
    return 2.0 * width.lanes() * FMAS_PER_ITERATION * iterations;
  }

  /** One trial: {@code threads} threads each run {@code iterations} iterations; GFLOPS over the wall time. */
  static double trial(VectorWidth width, int threads, long iterations) {
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    float[] results = new float[threads];
    // Each thread clocks itself: the caller may be descheduled between the barrier and its own clock reading.
    long[] starts = new long[threads];
    long[] ends = new long[threads];
    List<Thread> team = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int slot = i;
      Thread thread =
          Thread.ofPlatform()
              .name("fma-peak-" + i)
              .daemon()
              .start(
                  () -> {
                    try {
                      start.await();
                      starts[slot] = System.nanoTime();
                      results[slot] = run(width, iterations);
                      ends[slot] = System.nanoTime();
                    } catch (InterruptedException | BrokenBarrierException e) {
                      failure.compareAndSet(null, e);
                    }
                  });
      team.add(thread);
    }
    try {
      start.await();
      for (Thread thread : team) {
        thread.join();
      }
      long nanos = Arrays.stream(ends).max().orElseThrow() - Arrays.stream(starts).min().orElseThrow();
      if (failure.get() != null) {
        throw new IllegalStateException("FMA peak thread failed", failure.get());
      }
      float sum = 0;
      for (float r : results) {
        sum += r;
      }
      requireFinite(sum);
      return flops(width, iterations) * threads / nanos;
    } catch (InterruptedException | BrokenBarrierException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the FMA peak", e);
    }
  }

  private static void requireFinite(float sum) {
    if (!Float.isFinite(sum)) {
      throw new IllegalStateException("the FMA loop diverged: " + sum);
    }
  }

  /** Runs the loop; the caller must use the returned sum, or the JIT may remove the loop. */
  static float run(VectorWidth width, long iterations) {
    return switch (width) {
      case BITS_512 -> loop512(iterations);
      case BITS_256 -> loop256(iterations);
    };
  }

  // The multiplier is just below 1 and the addend tiny, so the accumulators converge instead of overflowing.
  private static float loop512(long iterations) {
    FloatVector m = FloatVector.broadcast(S512, 0.999_999f);
    FloatVector c = FloatVector.broadcast(S512, 1e-6f);
    FloatVector a0 = FloatVector.broadcast(S512, 0.1f);
    FloatVector a1 = FloatVector.broadcast(S512, 0.2f);
    FloatVector a2 = FloatVector.broadcast(S512, 0.3f);
    FloatVector a3 = FloatVector.broadcast(S512, 0.4f);
    FloatVector a4 = FloatVector.broadcast(S512, 0.5f);
    FloatVector a5 = FloatVector.broadcast(S512, 0.6f);
    FloatVector a6 = FloatVector.broadcast(S512, 0.7f);
    FloatVector a7 = FloatVector.broadcast(S512, 0.8f);
    FloatVector a8 = FloatVector.broadcast(S512, 0.9f);
    FloatVector a9 = FloatVector.broadcast(S512, 1.0f);
    FloatVector a10 = FloatVector.broadcast(S512, 1.1f);
    FloatVector a11 = FloatVector.broadcast(S512, 1.2f);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
  }

  private static float loop256(long iterations) {
    FloatVector m = FloatVector.broadcast(S256, 0.999_999f);
    FloatVector c = FloatVector.broadcast(S256, 1e-6f);
    FloatVector a0 = FloatVector.broadcast(S256, 0.1f);
    FloatVector a1 = FloatVector.broadcast(S256, 0.2f);
    FloatVector a2 = FloatVector.broadcast(S256, 0.3f);
    FloatVector a3 = FloatVector.broadcast(S256, 0.4f);
    FloatVector a4 = FloatVector.broadcast(S256, 0.5f);
    FloatVector a5 = FloatVector.broadcast(S256, 0.6f);
    FloatVector a6 = FloatVector.broadcast(S256, 0.7f);
    FloatVector a7 = FloatVector.broadcast(S256, 0.8f);
    FloatVector a8 = FloatVector.broadcast(S256, 0.9f);
    FloatVector a9 = FloatVector.broadcast(S256, 1.0f);
    FloatVector a10 = FloatVector.broadcast(S256, 1.1f);
    FloatVector a11 = FloatVector.broadcast(S256, 1.2f);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
  }
}
