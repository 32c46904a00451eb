package io.jresnet.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Per-channel sums over the rows of a {@code [rows, channels]} matrix (an NHWC tensor seen as pixels × channels):
 * bias gradients and batch-norm statistics. Vectorised over channels; rows are cut into fixed chunks (so the result
 * does not depend on the thread count), each chunk summed in float over short runs of rows and carried in double.
 */
final class ChannelSums {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Rows per task. */
  private static final int CHUNK_ROWS = 1024;
  /** Rows summed in float before the run is added to the double totals. */
  private static final int RUN_ROWS = 32;

  /** What to sum for one row into {@code acc}: see the factories below. */
  @FunctionalInterface
  private interface RowTerm {
    void add(int rowOffset, float[] acc);
  }

  private ChannelSums() {}

  /** {@code out[c] = sum over rows of a[r, c]}. */
  static double[] sums(CpuComputePool pool, float[] a, int rows, int channels) {
    return reduce(pool, rows, channels, (offset, acc) -> VectorLoops.addInto(a, offset, acc, 0, channels));
  }

  /** {@code out[c] = sum over rows of (a[r, c] - centre[c])²}. */
  static double[] centredSquares(CpuComputePool pool, float[] a, float[] centre, int rows, int channels) {
    return reduce(pool, rows, channels, (offset, acc) -> {
      int c = 0;
      for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
        FloatVector d = FloatVector.fromArray(SPECIES, a, offset + c).sub(FloatVector.fromArray(SPECIES, centre, c));
        d.fma(d, FloatVector.fromArray(SPECIES, acc, c)).intoArray(acc, c);
      }
      for (; c < channels; c++) {
        float d = a[offset + c] - centre[c];
        acc[c] = Math.fma(d, d, acc[c]);
      }
    });
  }

  /** {@code out[c] = sum over rows of a[r, c] * (b[r, c] - centre[c])}. */
  static double[] centredProducts(CpuComputePool pool, float[] a, float[] b, float[] centre, int rows, int channels) {
    return reduce(pool, rows, channels, (offset, acc) -> {
      int c = 0;
      for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
        FloatVector d = FloatVector.fromArray(SPECIES, b, offset + c).sub(FloatVector.fromArray(SPECIES, centre, c));
        FloatVector.fromArray(SPECIES, a, offset + c)
            .fma(d, FloatVector.fromArray(SPECIES, acc, c))
            .intoArray(acc, c);
      }
      for (; c < channels; c++) {
        acc[c] = Math.fma(a[offset + c], b[offset + c] - centre[c], acc[c]);
      }
    });
  }

  private static double[] reduce(CpuComputePool pool, int rows, int channels, RowTerm term) {
    int chunks = GemmTiling.ceilDiv(rows, CHUNK_ROWS);
    double[][] partial = new double[chunks][channels];
    pool.parallelFor(chunks, (chunk, participant) -> {
      float[] run = new float[channels];
      double[] total = partial[chunk];
      int end = Math.min(rows, (chunk + 1) * CHUNK_ROWS);
      for (int r0 = chunk * CHUNK_ROWS; r0 < end; r0 += RUN_ROWS) {
        Arrays.fill(run, 0f);
        for (int r = r0, r1 = Math.min(end, r0 + RUN_ROWS); r < r1; r++) {
          term.add(r * channels, run);
        }
        for (int c = 0; c < channels; c++) {
          total[c] += run[c];
        }
      }
    });
    double[] out = new double[channels];
    for (double[] p : partial) {
      for (int c = 0; c < channels; c++) {
        out[c] += p[c];
      }
    }
    return out;
  }
}
