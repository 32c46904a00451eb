package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Whole-tensor reductions for training diagnostics. The array is cut into fixed chunks (so results do not depend on
 * the thread count); each chunk sums short runs in float vectors and carries the totals in double.
 */
final class TensorReductions {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int CHUNK = 1 << 15;
  /** Elements summed in float before the run's total is added in double. */
  private static final int RUN = 16 * LANES;

  private TensorReductions() {}

  static double sumOfSquares(CpuComputePool pool, float[] a) {
    int chunks = GemmTiling.ceilDiv(a.length, CHUNK);
    double[] partial = new double[chunks];
    pool.parallelFor(chunks, (chunk, participant) -> {
      int end = Math.min(a.length, (chunk + 1) * CHUNK);
      double total = 0;
      int i = chunk * CHUNK;
      for (; i + RUN <= end; i += RUN) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = i; j < i + RUN; j += LANES) {
          FloatVector v = FloatVector.fromArray(SPECIES, a, j);
          acc = v.fma(v, acc);
        }
        total += acc.reduceLanes(VectorOperators.ADD);
      }
      for (; i < end; i++) {
        total += (double) a[i] * a[i];
      }
      partial[chunk] = total;
    });
    double sum = 0;
    for (double p : partial) {
      sum += p;
    }
    return sum;
  }

  static long countNonFinite(CpuComputePool pool, float[] a) {
    int chunks = GemmTiling.ceilDiv(a.length, CHUNK);
    long[] partial = new long[chunks];
    pool.parallelFor(chunks, (chunk, participant) -> {
      int end = Math.min(a.length, (chunk + 1) * CHUNK);
      long count = 0;
      int i = chunk * CHUNK;
      for (int bound = i + SPECIES.loopBound(end - i); i < bound; i += LANES) {
        count += FloatVector.fromArray(SPECIES, a, i).test(VectorOperators.IS_FINITE).not().trueCount();
      }
      for (; i < end; i++) {
        if (!Float.isFinite(a[i])) {
          count++;
        }
      }
      partial[chunk] = count;
    });
    long total = 0;
    for (long p : partial) {
      total += p;
    }
    return total;
  }
}
