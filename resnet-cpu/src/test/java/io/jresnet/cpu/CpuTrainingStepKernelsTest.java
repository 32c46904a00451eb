package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loss, optimizer, dense backward and elementwise gradient kernels against plain loops in double. */
class CpuTrainingStepKernelsTest {
  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void softmaxCrossEntropyWithSmoothingMatchesPlainLoops(int threads) {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 7;
    int k = 37;
    float[] logits = NaiveLoops.random(rnd, n * k);
    logits[5] = 80f; // large logits must not overflow
    int[] labels = {0, 36, 5, 17, 2, 2, 30};
    float s = 0.1f;
    double loss = 0;
    float[] grad = new float[n * k];
    float[] prob = new float[n * k];
    for (int r = 0; r < n; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[r * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits[r * k + j] - max);
      }
      for (int j = 0; j < k; j++) {
        double logp = logits[r * k + j] - max - Math.log(sum);
        double target = s / k + (j == labels[r] ? 1 - s : 0);
        loss -= target * logp / n;
        prob[r * k + j] = (float) Math.exp(logp);
        grad[r * k + j] = (float) ((Math.exp(logp) - target) / n);
      }
    }
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor x = b.fromHost(logits, Shape.of(n, k));
      Tensor g = b.allocate(Shape.of(n, k));
      Tensor p = b.allocate(Shape.of(n, k));
      assertEquals(loss, b.loss().softmaxCrossEntropy(x, labels, s, g, p), 1e-5);
      assertTrue(NaiveLoops.maxScaledError(g.copyToHost(), grad) < 1e-6);
      assertTrue(NaiveLoops.maxScaledError(p.copyToHost(), prob) < 1e-6);
      assertEquals(loss, b.loss().softmaxCrossEntropy(x, labels, s, null, null), 1e-5);
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class,
          () -> b.loss().softmaxCrossEntropy(x, new int[] {0, 1, 2, 3, 4, 37, 0}, 0f, null, null));
      assertEquals("softmaxCrossEntropy: labels[5] = 37 is not a class index in [0, 37)", e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void sgdAndAdamFollowPyTorchOverTwoSteps(int threads) {
    SplittableRandom rnd = new SplittableRandom(9);
    int size = 1000;
    float[] p0 = NaiveLoops.random(rnd, size);
    float[][] grads = {NaiveLoops.random(rnd, size), NaiveLoops.random(rnd, size)};
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      for (boolean nesterov : new boolean[] {false, true}) {
        Tensor p = b.fromHost(p0, Shape.of(size));
        Tensor v = b.allocate(Shape.of(size));
        double[] ep = toDouble(p0);
        double[] ev = new double[size];
        for (float[] g : grads) {
          b.optimizer().sgd(p, b.fromHost(g, Shape.of(size)), v, 0.1f, 0.9f, 1e-2f, nesterov);
          for (int i = 0; i < size; i++) {
            double d = g[i] + 1e-2 * ep[i];
            ev[i] = 0.9 * ev[i] + d;
            ep[i] -= 0.1 * (nesterov ? d + 0.9 * ev[i] : ev[i]);
          }
        }
        assertTrue(NaiveLoops.maxScaledError(p.copyToHost(), toFloat(ep)) < 1e-6, "sgd nesterov=" + nesterov);
      }
      for (boolean decoupled : new boolean[] {false, true}) {
        Tensor p = b.fromHost(p0, Shape.of(size));
        Tensor m = b.allocate(Shape.of(size));
        Tensor v = b.allocate(Shape.of(size));
        double[] ep = toDouble(p0);
        double[] em = new double[size];
        double[] ev = new double[size];
        for (int step = 1; step <= grads.length; step++) {
          float[] g = grads[step - 1];
          Tensor gt = b.fromHost(g, Shape.of(size));
          b.optimizer().adam(p, gt, m, v, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, decoupled, step);
          for (int i = 0; i < size; i++) {
            double d = g[i] + (decoupled ? 0 : 0.05 * ep[i]);
            if (decoupled) {
              ep[i] *= 1 - 1e-2 * 0.05;
            }
            em[i] = 0.9 * em[i] + 0.1 * d;
            ev[i] = 0.999 * ev[i] + 0.001 * d * d;
            double mhat = em[i] / (1 - Math.pow(0.9, step));
            double vhat = ev[i] / (1 - Math.pow(0.999, step));
            ep[i] -= 1e-2 * mhat / (Math.sqrt(vhat) + 1e-8);
          }
        }
        assertTrue(NaiveLoops.maxScaledError(p.copyToHost(), toFloat(ep)) < 1e-5, "adam decoupled=" + decoupled);
      }
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void denseBackwardAndElementwiseGradientsMatchPlainLoops(int threads) {
    SplittableRandom rnd = new SplittableRandom(4);
    int n = 9;
    int in = 70;
    int out = 45;
    float[] x = NaiveLoops.random(rnd, n * in);
    float[] w = NaiveLoops.random(rnd, in * out);
    float[] dy = NaiveLoops.random(rnd, n * out);
    float[] wT = new float[out * in];
    float[] xT = new float[in * n];
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        wT[j * in + i] = w[i * out + j];
      }
      for (int r = 0; r < n; r++) {
        xT[i * n + r] = x[r * in + i];
      }
    }
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor dyt = b.fromHost(dy, Shape.of(n, out));
      Tensor dx = b.allocate(Shape.of(n, in));
      b.dense().denseBackwardData(dyt, b.fromHost(w, Shape.of(in, out)), dx);
      assertTrue(NaiveLoops.relativeError(dx.copyToHost(), NaiveLoops.gemm(dy, wT, n, in, out)) < 1e-6);
      Tensor dw = b.allocate(Shape.of(in, out));
      Tensor db = b.allocate(Shape.of(out));
      b.dense().denseBackwardWeight(b.fromHost(x, Shape.of(n, in)), dyt, dw, db);
      assertTrue(NaiveLoops.relativeError(dw.copyToHost(), NaiveLoops.gemm(xT, dy, in, out, n)) < 1e-6);
      float[] ones = new float[n];
      Arrays.fill(ones, 1f);
      assertTrue(NaiveLoops.relativeError(db.copyToHost(), NaiveLoops.gemm(ones, dy, 1, out, n)) < 1e-6);

      int size = 3 * 5 * 4 * 11;
      float[] y = NaiveLoops.random(rnd, size);
      float[] g = NaiveLoops.random(rnd, size);
      y[3] = Float.NaN;
      Tensor yt = b.fromHost(y, Shape.nhwc(3, 5, 4, 11));
      Tensor gt = b.fromHost(g, Shape.nhwc(3, 5, 4, 11));
      Tensor rt = b.allocate(Shape.nhwc(3, 5, 4, 11));
      b.elementwise().reluBackward(yt, gt, rt);
      float[] relu = rt.copyToHost();
      for (int i = 0; i < size; i++) {
        assertEquals(y[i] > 0 ? g[i] : 0f, relu[i]);
      }
      b.elementwise().axpy(-0.5f, gt, rt);
      float[] sum = rt.copyToHost();
      for (int i = 0; i < size; i++) {
        assertEquals(relu[i] - 0.5f * g[i], sum[i], 1e-6);
      }
      double squares = 0;
      for (float v : g) {
        squares += (double) v * v;
      }
      assertEquals(squares, b.elementwise().sumOfSquares(gt), 1e-9 * squares);
      assertEquals(1, b.elementwise().countNonFinite(yt));
      y[size - 1] = Float.NEGATIVE_INFINITY;
      y[17] = Float.POSITIVE_INFINITY;
      assertEquals(3, b.elementwise().countNonFinite(b.fromHost(y, yt.shape())));

      Tensor cropped = b.allocate(Shape.nhwc(3, 2, 1, 11));
      b.elementwise().zeroPad2dBackward(gt, 1, 2, 2, 1, cropped);
      float[] c = cropped.copyToHost();
      for (int i = 0; i < c.length; i++) {
        int img = i / (2 * 11);
        int row = (i / 11) % 2;
        assertEquals(g[((img * 5 + row + 1) * 4 + 2) * 11 + i % 11], c[i]);
      }
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> b.elementwise().zeroPad2dBackward(gt, 1, 1, 1, 1, cropped));
      assertEquals("zeroPad2dBackward: dy has shape [3, 5, 4, 11], expected [3, 4, 3, 11]", e.getMessage());
    }
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static float[] toFloat(double[] a) {
    return NaiveLoops.toFloat(a);
  }
}
