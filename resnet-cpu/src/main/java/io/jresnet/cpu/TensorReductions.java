package io.jresnet.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Whole-tensor reductions for training diagnostics, vectorised. The array is cut into fixed chunks, one partial
 * result each, added in chunk order, so that results depend neither on the thread count nor on the scheduling; sums of squares widen each float vector to double lanes before squaring.
 */
final class TensorReductions {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int CHUNK = 1 << 15;
  /** Double lanes of the same vector size: half as many. */
  private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());

  private TensorReductions() {}

  static double sumOfSquares(CpuComputePool pool, float[] a) {
    int chunks = GemmTiling.ceilDiv(a.length, CHUNK);
    double[] partial = new double[chunks];
    pool.parallelFor(chunks, (chunk, participant) -> {
      int end = Math.min(a.length, (chunk + 1) * CHUNK);
      int i = chunk * CHUNK;
      // Squares and sums in double lanes: each float vector widens into two double vectors.
      DoubleVector acc0 = DoubleVector.zero(DOUBLES);
      DoubleVector acc1 = DoubleVector.zero(DOUBLES);
      for (int bound = i + SPECIES.loopBound(end - i); i < bound; i += LANES) {
        FloatVector v = FloatVector.fromArray(SPECIES, a, i);
        DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
        acc0 = lo.fma(lo, acc0);
        acc1 = hi.fma(hi, acc1);
      }
      // Lanes added in lane order: reduceLanes(ADD) may pick any order, and change it as the JIT warms up.
      double total = 0;
      for (double lane : acc0.add(acc1).toArray()) {
        total += lane;
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
