package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-sweep batch-norm sums against plain loops in double, and their independence of the thread count. */
class ChannelMomentsTest {
  /** Channel counts for every loop shape: one vector, two-vector blocks with vector and scalar tails, row-major. */
  @ParameterizedTest(name = "{0} channels")
  @ValueSource(ints = {3, 16, 19, 37, 64, 300})
  void meanAndCentredSquaresMatchPlainLoops(int channels) {
    int rows = 2 * ChannelMoments.chunkRows(channels) + 45; // a partial last chunk and a partial last run
    SplittableRandom rnd = new SplittableRandom(channels);
    float[] x = NaiveLoops.random(rnd, rows * channels);
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * 3 + 50 + (i % channels); // offsets a one-pass E[x²] - E[x]² would lose precision to
    }
    double[] mean = new double[channels];
    for (int i = 0; i < x.length; i++) {
      mean[i % channels] += x[i];
    }
    for (int c = 0; c < channels; c++) {
      mean[c] /= rows;
    }
    double[] squares = new double[channels];
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[i % channels];
      squares[i % channels] += d * d;
    }
    try (CpuComputePool one = new CpuComputePool(1);
        CpuComputePool two = new CpuComputePool(2)) {
      ChannelMoments.Moments m = ChannelMoments.meanAndCentredSquares(two, x, rows, channels);
      for (int c = 0; c < channels; c++) {
        assertEquals(mean[c], m.mean()[c], 1e-6 * Math.abs(mean[c]), "mean of channel " + c);
        assertEquals(squares[c], m.centredSquares()[c], 1e-5 * squares[c], "squares of channel " + c);
      }
      ChannelMoments.Moments m1 = ChannelMoments.meanAndCentredSquares(one, x, rows, channels);
      assertArrayEquals(m.mean(), m1.mean(), "the same bits on 1 and 2 threads");
      assertArrayEquals(m.centredSquares(), m1.centredSquares());
    }
  }

  @ParameterizedTest(name = "{0} channels")
  @ValueSource(ints = {3, 16, 19, 37, 64, 300})
  void sumsAndCentredProductsMatchPlainLoops(int channels) {
    int rows = 2 * ChannelMoments.chunkRows(channels) + 45;
    SplittableRandom rnd = new SplittableRandom(100 + channels);
    float[] dy = NaiveLoops.random(rnd, rows * channels);
    float[] x = NaiveLoops.random(rnd, rows * channels);
    float[] centre = NaiveLoops.random(rnd, channels);
    double[] sumDy = new double[channels];
    double[] sumDyXc = new double[channels];
    double[] scale = new double[channels];
    for (int i = 0; i < x.length; i++) {
      int c = i % channels;
      sumDy[c] += dy[i];
      sumDyXc[c] += (double) dy[i] * ((double) x[i] - centre[c]);
      scale[c] += Math.abs((double) dy[i] * ((double) x[i] - centre[c])) + Math.abs(dy[i]);
    }
    try (CpuComputePool one = new CpuComputePool(1);
        CpuComputePool two = new CpuComputePool(2)) {
      ChannelMoments.Sums s = ChannelMoments.sumsAndCentredProducts(two, dy, x, centre, rows, channels);
      for (int c = 0; c < channels; c++) {
        // Sums of mixed signs: the error is relative to the sum of magnitudes.
        assertEquals(sumDy[c], s.sumDy()[c], 1e-6 * scale[c], "sum dy of channel " + c);
        assertEquals(sumDyXc[c], s.sumDyXc()[c], 1e-6 * scale[c], "sum dy (x - centre) of channel " + c);
      }
      ChannelMoments.Sums s1 = ChannelMoments.sumsAndCentredProducts(one, dy, x, centre, rows, channels);
      assertArrayEquals(s.sumDy(), s1.sumDy(), "the same bits on 1 and 2 threads");
      assertArrayEquals(s.sumDyXc(), s1.sumDyXc());
    }
  }
}
