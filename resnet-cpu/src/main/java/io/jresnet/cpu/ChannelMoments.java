package io.jresnet.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-channel sums of training-mode batch-norm over a {@code [rows, channels]} matrix, each in ONE sweep over
 * memory. Rows are cut into chunks of a fixed size that depends only on the channel count (so results depend neither
 * on the thread count nor on scheduling), small enough to stay in the core's cache while a chunk is read twice.
 * Within a chunk, runs of {@link #RUN_ROWS} rows are summed in float vector registers (lane-wise, in row order) and
 * each run is added to double totals; the chunks' totals are combined in chunk order.
 *
 * <ul>
 *   <li>{@link #meanAndCentredSquares}: each chunk's mean, then its squares centred at that mean (the second read
 *       hits the cache), combined exactly as Chan et al. combine variances: no {@code E[x²] - E[x]²} cancellation.
 *   <li>{@link #sumsAndCentredProducts}: {@code sum dy} and {@code sum dy (x - centre)} together, for backward.
 * </ul>
 */
final class ChannelMoments {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Rows summed in float before a run is added to the double totals. */
  static final int RUN_ROWS = 32;
  /**
   * From this many channels on, a run is summed row by row into its (L1-resident) output arrays: down columns of
   * rows this far apart, the hardware prefetcher loses track.
   */
  private static final int ROW_MAJOR_CHANNELS = 256;
  /** Floats per chunk: 256 KB, which stays in a core's L2 between the two reads of a chunk. */
  private static final int CHUNK_FLOATS = 1 << 16;

  /** The mean and the centred sum of squares per channel. */
  record Moments(double[] mean, double[] centredSquares) {}

  /** {@code sumDy[c] = sum dy[r, c]} and {@code sumDyXc[c] = sum dy[r, c] (x[r, c] - centre[c])}. */
  record Sums(double[] sumDy, double[] sumDyXc) {}

  private ChannelMoments() {}

  /** Rows per chunk for {@code channels}: a multiple of {@link #RUN_ROWS}. */
  static int chunkRows(int channels) {
    return Math.max(1, CHUNK_FLOATS / (RUN_ROWS * Math.max(1, channels))) * RUN_ROWS;
  }

  /** Mean and {@code sum (x - mean)²} per channel of {@code x [rows, channels]}. */
  static Moments meanAndCentredSquares(CpuComputePool pool, float[] x, int rows, int channels) {
    int chunkRows = chunkRows(channels);
    int chunks = GemmTiling.ceilDiv(rows, chunkRows);
    double[][] sums = new double[chunks][channels];
    double[][] squares = new double[chunks][channels];
    pool.parallelFor(chunks, (chunk, participant) -> {
      int from = chunk * chunkRows;
      int to = Math.min(rows, from + chunkRows);
      float[] run = new float[channels];
      float[] chunkMean = new float[channels];
      double[] sum = sums[chunk];
      for (int r = from; r < to; r += RUN_ROWS) {
        runSums(x, r, Math.min(to, r + RUN_ROWS), channels, run);
        addTo(run, sum);
      }
      for (int c = 0; c < channels; c++) {
        chunkMean[c] = (float) (sum[c] / (to - from));
      }
      double[] square = squares[chunk];
      for (int r = from; r < to; r += RUN_ROWS) {
        runCentredSquares(x, chunkMean, r, Math.min(to, r + RUN_ROWS), channels, run);
        addTo(run, square);
      }
      // Centred at the chunk mean as rounded to float: move the centre to the exact chunk mean.
      for (int c = 0; c < channels; c++) {
        double off = sum[c] / (to - from) - chunkMean[c];
        square[c] -= (to - from) * off * off;
      }
    });
    double[] mean = new double[channels];
    for (double[] s : sums) {
      for (int c = 0; c < channels; c++) {
        mean[c] += s[c];
      }
    }
    for (int c = 0; c < channels; c++) {
      mean[c] /= rows;
    }
    double[] m2 = new double[channels];
    for (int chunk = 0; chunk < chunks; chunk++) {
      int n = Math.min(rows, (chunk + 1) * chunkRows) - chunk * chunkRows;
      for (int c = 0; c < channels; c++) {
        double d = sums[chunk][c] / n - mean[c];
        m2[c] += squares[chunk][c] + n * d * d;
      }
    }
    for (int c = 0; c < channels; c++) {
      m2[c] = Math.max(0, m2[c]);
    }
    return new Moments(mean, m2);
  }

  /** {@code sum dy} and {@code sum dy (x - centre)} per channel, reading {@code dy} and {@code x} once. */
  static Sums sumsAndCentredProducts(
      CpuComputePool pool, float[] dy, float[] x, float[] centre, int rows, int channels) {
    return sumsAndCentredProducts(pool, dy, null, x, centre, rows, channels);
  }

  /**
   * As {@link #sumsAndCentredProducts(CpuComputePool, float[], float[], float[], int, int)} of {@code dy} masked
   * where {@code mask} (a ReLU's output) is not positive; the same bits as masking {@code dy} first. A null mask
   * masks nothing.
   */
  static Sums sumsAndCentredProducts(
      CpuComputePool pool, float[] dy, float[] mask, float[] x, float[] centre, int rows, int channels) {
    int chunkRows = chunkRows(channels);
    int chunks = GemmTiling.ceilDiv(rows, chunkRows);
    double[][] sumDy = new double[chunks][channels];
    double[][] sumDyXc = new double[chunks][channels];
    pool.parallelFor(chunks, (chunk, participant) -> {
      int from = chunk * chunkRows;
      int to = Math.min(rows, from + chunkRows);
      float[] runDy = new float[channels];
      float[] runDyXc = new float[channels];
      for (int r = from; r < to; r += RUN_ROWS) {
        if (mask == null) {
          runProducts(dy, x, centre, r, Math.min(to, r + RUN_ROWS), channels, runDy, runDyXc);
        } else {
          runMaskedProducts(dy, mask, x, centre, r, Math.min(to, r + RUN_ROWS), channels, runDy, runDyXc);
        }
        addTo(runDy, sumDy[chunk]);
        addTo(runDyXc, sumDyXc[chunk]);
      }
    });
    return new Sums(inOrder(sumDy, channels), inOrder(sumDyXc, channels));
  }

  private static double[] inOrder(double[][] partial, int channels) {
    double[] out = new double[channels];
    for (double[] p : partial) {
      for (int c = 0; c < channels; c++) {
        out[c] += p[c];
      }
    }
    return out;
  }

  private static void addTo(float[] run, double[] total) {
    for (int c = 0; c < run.length; c++) {
      total[c] += run[c];
    }
  }

  /** {@code out[c] = sum over rows [from, to) of a[r, c]}, in row order per channel. */
  static void runSums(float[] a, int from, int to, int channels, float[] out) {
    if (channels >= ROW_MAJOR_CHANNELS) {
      Arrays.fill(out, 0f);
      for (int r = from; r < to; r++) {
        VectorLoops.addInto(a, r * channels, out, 0, channels);
      }
      return;
    }
    int c = 0;
    for (int bound = channels - 2 * LANES; c <= bound; c += 2 * LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        s0 = s0.add(FloatVector.fromArray(SPECIES, a, o));
        s1 = s1.add(FloatVector.fromArray(SPECIES, a, o + LANES));
      }
      s0.intoArray(out, c);
      s1.intoArray(out, c + LANES);
    }
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector s = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        s = s.add(FloatVector.fromArray(SPECIES, a, o));
      }
      s.intoArray(out, c);
    }
    for (; c < channels; c++) {
      float s = 0;
      for (int r = from; r < to; r++) {
        s += a[r * channels + c];
      }
      out[c] = s;
    }
  }

  /** {@code out[c] = sum over rows [from, to) of (a[r, c] - centre[c])²}. */
  static void runCentredSquares(float[] a, float[] centre, int from, int to, int channels, float[] out) {
    if (channels >= ROW_MAJOR_CHANNELS) {
      Arrays.fill(out, 0f);
      for (int r = from; r < to; r++) {
        addCentredSquaresOfRow(a, r * channels, centre, out);
      }
      return;
    }
    int c = 0;
    for (int bound = channels - 2 * LANES; c <= bound; c += 2 * LANES) {
      FloatVector m0 = FloatVector.fromArray(SPECIES, centre, c);
      FloatVector m1 = FloatVector.fromArray(SPECIES, centre, c + LANES);
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        FloatVector d0 = FloatVector.fromArray(SPECIES, a, o).sub(m0);
        FloatVector d1 = FloatVector.fromArray(SPECIES, a, o + LANES).sub(m1);
        s0 = d0.fma(d0, s0);
        s1 = d1.fma(d1, s1);
      }
      s0.intoArray(out, c);
      s1.intoArray(out, c + LANES);
    }
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector m = FloatVector.fromArray(SPECIES, centre, c);
      FloatVector s = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        FloatVector d = FloatVector.fromArray(SPECIES, a, o).sub(m);
        s = d.fma(d, s);
      }
      s.intoArray(out, c);
    }
    for (; c < channels; c++) {
      float s = 0;
      for (int r = from; r < to; r++) {
        float d = a[r * channels + c] - centre[c];
        s = Math.fma(d, d, s);
      }
      out[c] = s;
    }
  }

  /** {@code outDy[c] = sum dy[r, c]} and {@code outDyXc[c] = sum dy[r, c] (x[r, c] - centre[c])} over [from, to). */
  static void runProducts(
      float[] dy, float[] x, float[] centre, int from, int to, int channels, float[] outDy, float[] outDyXc) {
    if (channels >= ROW_MAJOR_CHANNELS) {
      Arrays.fill(outDy, 0f);
      Arrays.fill(outDyXc, 0f);
      for (int r = from; r < to; r++) {
        addProductsOfRow(dy, x, r * channels, centre, outDy, outDyXc);
      }
      return;
    }
    int c = 0;
    for (int bound = channels - 2 * LANES; c <= bound; c += 2 * LANES) {
      FloatVector m0 = FloatVector.fromArray(SPECIES, centre, c);
      FloatVector m1 = FloatVector.fromArray(SPECIES, centre, c + LANES);
      FloatVector g0 = FloatVector.zero(SPECIES);
      FloatVector g1 = FloatVector.zero(SPECIES);
      FloatVector p0 = FloatVector.zero(SPECIES);
      FloatVector p1 = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        FloatVector dy0 = FloatVector.fromArray(SPECIES, dy, o);
        FloatVector dy1 = FloatVector.fromArray(SPECIES, dy, o + LANES);
        g0 = g0.add(dy0);
        g1 = g1.add(dy1);
        p0 = dy0.fma(FloatVector.fromArray(SPECIES, x, o).sub(m0), p0);
        p1 = dy1.fma(FloatVector.fromArray(SPECIES, x, o + LANES).sub(m1), p1);
      }
      g0.intoArray(outDy, c);
      g1.intoArray(outDy, c + LANES);
      p0.intoArray(outDyXc, c);
      p1.intoArray(outDyXc, c + LANES);
    }
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector m = FloatVector.fromArray(SPECIES, centre, c);
      FloatVector g = FloatVector.zero(SPECIES);
      FloatVector p = FloatVector.zero(SPECIES);
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        FloatVector d = FloatVector.fromArray(SPECIES, dy, o);
        g = g.add(d);
        p = d.fma(FloatVector.fromArray(SPECIES, x, o).sub(m), p);
      }
      g.intoArray(outDy, c);
      p.intoArray(outDyXc, c);
    }
    for (; c < channels; c++) {
      float g = 0;
      float p = 0;
      for (int r = from; r < to; r++) {
        float d = dy[r * channels + c];
        g += d;
        p = Math.fma(d, x[r * channels + c] - centre[c], p);
      }
      outDy[c] = g;
      outDyXc[c] = p;
    }
  }

  /**
   * {@link #runProducts} of {@code dy} masked by {@code mask > 0}. Each channel is summed in row order whatever the
   * loop shape, so this matches the unmasked loops on a masked copy bit for bit.
   */
  static void runMaskedProducts(
      float[] dy, float[] mask, float[] x, float[] centre, int from, int to, int channels, float[] outDy,
      float[] outDyXc) {
    if (channels >= ROW_MAJOR_CHANNELS) {
      Arrays.fill(outDy, 0f);
      Arrays.fill(outDyXc, 0f);
      for (int r = from; r < to; r++) {
        addMaskedProductsOfRow(dy, mask, x, r * channels, centre, outDy, outDyXc);
      }
      return;
    }
    FloatVector zero = FloatVector.zero(SPECIES);
    int c = 0;
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector m = FloatVector.fromArray(SPECIES, centre, c);
      FloatVector g = zero;
      FloatVector p = zero;
      for (int o = from * channels + c, end = to * channels + c; o < end; o += channels) {
        FloatVector d = zero.blend(
            FloatVector.fromArray(SPECIES, dy, o),
            FloatVector.fromArray(SPECIES, mask, o).compare(VectorOperators.GT, 0f));
        g = g.add(d);
        p = d.fma(FloatVector.fromArray(SPECIES, x, o).sub(m), p);
      }
      g.intoArray(outDy, c);
      p.intoArray(outDyXc, c);
    }
    for (; c < channels; c++) {
      float g = 0;
      float p = 0;
      for (int r = from; r < to; r++) {
        int i = r * channels + c;
        float d = mask[i] > 0f ? dy[i] : 0f;
        g += d;
        p = Math.fma(d, x[i] - centre[c], p);
      }
      outDy[c] = g;
      outDyXc[c] = p;
    }
  }

  private static void addMaskedProductsOfRow(
      float[] dy, float[] mask, float[] x, int offset, float[] centre, float[] accDy, float[] accDyXc) {
    int channels = accDy.length;
    FloatVector zero = FloatVector.zero(SPECIES);
    int c = 0;
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector d = zero.blend(
          FloatVector.fromArray(SPECIES, dy, offset + c),
          FloatVector.fromArray(SPECIES, mask, offset + c).compare(VectorOperators.GT, 0f));
      d.add(FloatVector.fromArray(SPECIES, accDy, c)).intoArray(accDy, c);
      d.fma(
              FloatVector.fromArray(SPECIES, x, offset + c).sub(FloatVector.fromArray(SPECIES, centre, c)),
              FloatVector.fromArray(SPECIES, accDyXc, c))
          .intoArray(accDyXc, c);
    }
    for (; c < channels; c++) {
      float d = mask[offset + c] > 0f ? dy[offset + c] : 0f;
      accDy[c] += d;
      accDyXc[c] = Math.fma(d, x[offset + c] - centre[c], accDyXc[c]);
    }
  }

  private static void addCentredSquaresOfRow(float[] a, int offset, float[] centre, float[] acc) {
    int channels = acc.length;
    int c = 0;
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector d = FloatVector.fromArray(SPECIES, a, offset + c).sub(FloatVector.fromArray(SPECIES, centre, c));
      d.fma(d, FloatVector.fromArray(SPECIES, acc, c)).intoArray(acc, c);
    }
    for (; c < channels; c++) {
      float d = a[offset + c] - centre[c];
      acc[c] = Math.fma(d, d, acc[c]);
    }
  }

  private static void addProductsOfRow(
      float[] dy, float[] x, int offset, float[] centre, float[] accDy, float[] accDyXc) {
    int channels = accDy.length;
    int c = 0;
    for (int bound = SPECIES.loopBound(channels); c < bound; c += LANES) {
      FloatVector d = FloatVector.fromArray(SPECIES, dy, offset + c);
      d.add(FloatVector.fromArray(SPECIES, accDy, c)).intoArray(accDy, c);
      d.fma(
              FloatVector.fromArray(SPECIES, x, offset + c).sub(FloatVector.fromArray(SPECIES, centre, c)),
              FloatVector.fromArray(SPECIES, accDyXc, c))
          .intoArray(accDyXc, c);
    }
    for (; c < channels; c++) {
      float d = dy[offset + c];
      accDy[c] += d;
      accDyXc[c] = Math.fma(d, x[offset + c] - centre[c], accDyXc[c]);
    }
  }
}
