package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch-norm training and the pooling backward kernels against plain loops in double. */
class CpuNormPoolBackwardTest {
  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void batchNormTrainingAndBackwardMatchPlainLoops(int threads) {
    SplittableRandom rnd = new SplittableRandom(11);
    int rows = 3 * 9 * 70; // more rows than one reduction chunk
    int c = 19;
    float[] x = NaiveLoops.random(rnd, rows * c);
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] * 3 + 5; // an offset that a one-pass E[x²] - E[x]² would lose precision to
    }
    float[] gamma = NaiveLoops.random(rnd, c);
    float[] beta = NaiveLoops.random(rnd, c);
    float[] rm = NaiveLoops.random(rnd, c);
    float[] rv = new float[c];
    Arrays.fill(rv, 2f);
    float[] dy = NaiveLoops.random(rnd, rows * c);
    float eps = 1e-5f;
    float momentum = 0.1f;
    double[] mean = new double[c];
    double[] var = new double[c];
    for (int i = 0; i < x.length; i++) {
      mean[i % c] += x[i] / (double) rows;
    }
    for (int i = 0; i < x.length; i++) {
      var[i % c] += Math.pow(x[i] - mean[i % c], 2) / rows;
    }
    float[] y = new float[x.length];
    double[] sumDy = new double[c];
    double[] sumDyXhat = new double[c];
    for (int i = 0; i < x.length; i++) {
      int ch = i % c;
      double xhat = (x[i] - mean[ch]) / Math.sqrt(var[ch] + eps);
      y[i] = (float) (xhat * gamma[ch] + beta[ch]);
      sumDy[ch] += dy[i];
      sumDyXhat[ch] += dy[i] * xhat;
    }
    float[] dx = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      int ch = i % c;
      double invStd = 1 / Math.sqrt(var[ch] + eps);
      double xhat = (x[i] - mean[ch]) * invStd;
      dx[i] = (float) (gamma[ch] * invStd * (dy[i] - sumDy[ch] / rows - xhat * sumDyXhat[ch] / rows));
    }
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Shape shape = Shape.nhwc(3, 9, 70, c);
      Shape perChannel = Shape.of(c);
      Tensor xt = b.fromHost(x, shape);
      Tensor gt = b.fromHost(gamma, perChannel);
      Tensor rmt = b.fromHost(rm, perChannel);
      Tensor rvt = b.fromHost(rv, perChannel);
      Tensor savedMean = b.allocate(perChannel);
      Tensor savedInvStd = b.allocate(perChannel);
      Tensor yt = b.allocate(shape);
      b.norm().batchNormTraining(
          xt, gt, b.fromHost(beta, perChannel), rmt, rvt, eps, momentum, savedMean, savedInvStd, yt);
      assertTrue(NaiveLoops.relativeError(yt.copyToHost(), y) < 1e-5);
      for (int ch = 0; ch < c; ch++) {
        assertEquals(mean[ch], savedMean.copyToHost()[ch], 1e-5);
        assertEquals(1 / Math.sqrt(var[ch] + eps), savedInvStd.copyToHost()[ch], 1e-5);
        assertEquals(0.9 * rm[ch] + 0.1 * mean[ch], rmt.copyToHost()[ch], 1e-5);
        assertEquals(0.9 * 2 + 0.1 * var[ch] * rows / (rows - 1), rvt.copyToHost()[ch], 1e-5, "unbiased");
      }
      Tensor dyt = b.fromHost(dy, shape);
      Tensor dGamma = b.allocate(perChannel);
      Tensor dBeta = b.allocate(perChannel);
      // dx may be dy itself.
      b.norm().batchNormBackward(dyt, xt, gt, savedMean, savedInvStd, dyt, dGamma, dBeta);
      assertTrue(NaiveLoops.relativeError(dyt.copyToHost(), dx) < 1e-4);
      for (int ch = 0; ch < c; ch++) {
        assertEquals(sumDy[ch], dBeta.copyToHost()[ch], 1e-4 * (1 + Math.abs(sumDy[ch])));
        assertEquals(sumDyXhat[ch], dGamma.copyToHost()[ch], 1e-4 * (1 + Math.abs(sumDyXhat[ch])));
      }
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class,
          () -> b.norm().batchNormTraining(
              b.allocate(Shape.of(1, c)), gt, gt, rmt, rvt, eps, momentum, savedMean, savedInvStd,
              b.allocate(Shape.of(1, c))));
      assertEquals(
          "batchNormTraining: x [1, 19] has only one value per channel; training needs at least two", e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void poolBackwardsMatchPlainLoops(int threads) {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 3;
    int h = 9;
    int w = 8;
    int c = 21;
    float[] x = NaiveLoops.random(rnd, n * h * w * c);
    // Ties: the first maximum in window order must win, as in PyTorch.
    for (int i = 0; i < x.length; i += 7) {
      x[i] = 0.5f;
    }
    Pool2dParams[] all = {
      Pool2dParams.square(3, 2, 1),
      new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false),
      new Pool2dParams(2, 3, 1, 2, 0, 1, 1, 0, true)
    };
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor xt = b.fromHost(x, Shape.nhwc(n, h, w, c));
      for (Pool2dParams p : all) {
        int oh = p.outputH(h);
        int ow = p.outputW(w);
        float[] dy = NaiveLoops.random(rnd, n * oh * ow * c);
        double[] maxDx = new double[x.length];
        double[] avgDx = new double[x.length];
        for (int img = 0; img < n; img++) {
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              for (int ch = 0; ch < c; ch++) {
                int best = -1;
                int cells = 0;
                for (int pass = 0; pass < 2; pass++) {
                  int y0 = oy * p.strideH() - p.padTop();
                  int x0 = ox * p.strideW() - p.padLeft();
                  for (int iy = y0; iy < y0 + p.kernelH(); iy++) {
                    for (int ix = x0; ix < x0 + p.kernelW(); ix++) {
                      if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                        continue;
                      }
                      int at = ((img * h + iy) * w + ix) * c + ch;
                      float g = dy[((img * oh + oy) * ow + ox) * c + ch];
                      if (pass == 0) {
                        cells++;
                        best = best < 0 || x[at] > x[best] ? at : best;
                      } else {
                        avgDx[at] += g / (double) (p.countPadding() ? p.kernelH() * p.kernelW() : cells);
                      }
                    }
                  }
                }
                maxDx[best] += dy[((img * oh + oy) * ow + ox) * c + ch];
              }
            }
          }
        }
        Tensor dyt = b.fromHost(dy, Shape.nhwc(n, oh, ow, c));
        Tensor dx = b.allocate(Shape.nhwc(n, h, w, c));
        b.pool().maxPool2dBackward(xt, dyt, p, dx);
        assertTrue(NaiveLoops.maxScaledError(dx.copyToHost(), NaiveLoops.toFloat(maxDx)) < 1e-6, "max " + p);
        b.pool().avgPool2dBackward(dyt, p, dx);
        assertTrue(NaiveLoops.maxScaledError(dx.copyToHost(), NaiveLoops.toFloat(avgDx)) < 1e-6, "avg " + p);
      }
      float[] dy = NaiveLoops.random(rnd, n * c);
      Tensor dx = b.allocate(Shape.nhwc(n, h, w, c));
      b.pool().globalAvgPoolBackward(b.fromHost(dy, Shape.of(n, c)), dx);
      float[] spread = dx.copyToHost();
      for (int i = 0; i < spread.length; i++) {
        assertEquals(dy[(i / (h * w * c)) * c + i % c] / (h * w), spread[i], 1e-7);
      }
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class,
          () -> b.pool().avgPool2dBackward(b.allocate(Shape.nhwc(n, 4, 4, c)), all[0], dx));
      assertEquals("avgPool2dBackward: dy has shape [3, 4, 4, 21], expected [3, 5, 4, 21]", e.getMessage());
      assertArrayEquals(new int[] {n, h, w, c}, dx.shape().toArray());
    }
  }
}
