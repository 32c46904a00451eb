package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pooling and dense calls repeated with the same tensors, as every forward at one input size repeats them: the
 * kernels keep what they prepared for the last call (tasks over its arrays) and must still read the arrays' new
 * contents, and must not take a call on other tensors for the kept one.
 */
class CpuPreparedCallsTest {
  private static final Shape IN = Shape.nhwc(2, 7, 6, 5);

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void poolingReadsTheNewContentsAndTellsTensorsApart(int threads) {
    SplittableRandom rnd = new SplittableRandom(threads);
    Pool2dParams p = Pool2dParams.square(3, 2, 1);
    Shape windowOut = Shape.nhwc(2, p.outputH(7), p.outputW(6), 5);
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor x = backend.allocate(IN);
      Tensor other = backend.allocate(IN);
      Tensor maxOut = backend.allocate(windowOut);
      Tensor avgOut = backend.allocate(windowOut);
      Tensor pooled = backend.allocate(Shape.of(2, 5));
      for (int round = 0; round < 3; round++) {
        for (Tensor in : new Tensor[] {x, x, other}) {
          float[] data = NaiveLoops.random(rnd, IN.size());
          in.copyFromHost(data);
          backend.pool().maxPool2d(in, p, maxOut);
          assertArrayEquals(window(data, p, true), maxOut.copyToHost(), "max pool, round " + round);
          backend.pool().avgPool2d(in, p, avgOut);
          assertArrayEquals(window(data, p, false), avgOut.copyToHost(), 1e-6f, "average pool, round " + round);
          backend.pool().globalAvgPool(in, pooled);
          assertArrayEquals(global(data), pooled.copyToHost(), 1e-6f, "global average pool, round " + round);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2})
  void smallBatchDenseReadsTheNewContentsOfEachCall(int threads) {
    SplittableRandom rnd = new SplittableRandom(7 + threads);
    int n = 3;
    int in = 40;
    int out = 21;
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor x = backend.allocate(Shape.of(n, in));
      Tensor w = backend.allocate(Shape.of(in, out));
      Tensor b = backend.allocate(Shape.of(out));
      Tensor y = backend.allocate(Shape.of(n, out));
      for (int round = 0; round < 3; round++) {
        float[] xs = NaiveLoops.random(rnd, n * in);
        float[] ws = NaiveLoops.random(rnd, in * out);
        float[] bs = NaiveLoops.random(rnd, out);
        x.copyFromHost(xs);
        w.copyFromHost(ws);
        b.copyFromHost(bs);
        backend.dense().dense(x, w, b, y);
        float[] expected = NaiveLoops.gemm(xs, ws, n, out, in);
        for (int i = 0; i < expected.length; i++) {
          expected[i] += bs[i % out];
        }
        assertArrayEquals(expected, y.copyToHost(), 1e-4f, "round " + round);
      }
    }
  }

  /** Max or average (padding counted) over each window, NHWC. */
  private static float[] window(float[] x, Pool2dParams p, boolean max) {
    int n = IN.dim(0);
    int h = IN.dim(1);
    int w = IN.dim(2);
    int c = IN.dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    float[] y = new float[n * oh * ow * c];
    for (int i = 0; i < n; i++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = oy * p.strideH() - p.padTop() + ky;
                int ix = ox * p.strideW() - p.padLeft() + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  float v = x[((i * h + iy) * w + ix) * c + ch];
                  acc = max ? Math.max(acc, v) : acc + v;
                }
              }
            }
            y[((i * oh + oy) * ow + ox) * c + ch] = max ? acc : acc / (p.kernelH() * p.kernelW());
          }
        }
      }
    }
    return y;
  }

  private static float[] global(float[] x) {
    int pixels = IN.dim(1) * IN.dim(2);
    int c = IN.dim(3);
    float[] y = new float[IN.dim(0) * c];
    for (int i = 0; i < IN.dim(0); i++) {
      for (int px = 0; px < pixels; px++) {
        for (int ch = 0; ch < c; ch++) {
          y[i * c + ch] += x[(i * pixels + px) * c + ch];
        }
      }
      for (int ch = 0; ch < c; ch++) {
        y[i * c + ch] /= pixels;
      }
    }
    return y;
  }
}
