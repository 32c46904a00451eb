package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Consumer;
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
    Shape globalOut = Shape.of(2, 5);
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads));
        ReferenceBackend reference = new ReferenceBackend()) {
      Tensor x = backend.allocate(IN);
      Tensor other = backend.allocate(IN);
      Tensor maxOut = backend.allocate(windowOut);
      Tensor avgOut = backend.allocate(windowOut);
      Tensor pooled = backend.allocate(globalOut);
      for (int round = 0; round < 3; round++) {
        for (Tensor in : new Tensor[] {x, x, other}) {
          float[] data = NaiveLoops.random(rnd, IN.size());
          in.copyFromHost(data);
          Tensor refIn = reference.fromHost(data, IN);
          backend.pool().maxPool2d(in, p, maxOut);
          assertArrayEquals(referenceOf(reference, windowOut, y -> reference.pool().maxPool2d(refIn, p, y)),
              maxOut.copyToHost(), "max pool, round " + round);
          backend.pool().avgPool2d(in, p, avgOut);
          assertArrayEquals(referenceOf(reference, windowOut, y -> reference.pool().avgPool2d(refIn, p, y)),
              avgOut.copyToHost(), 1e-6f, "average pool, round " + round);
          backend.pool().globalAvgPool(in, pooled);
          assertArrayEquals(referenceOf(reference, globalOut, y -> reference.pool().globalAvgPool(refIn, y)),
              pooled.copyToHost(), 1e-6f, "global average pool, round " + round);
        }
      }
    }
  }

  /** What the reference backend's kernel writes into a fresh tensor of {@code shape}. */
  private static float[] referenceOf(ReferenceBackend reference, Shape shape, Consumer<Tensor> kernel) {
    try (Tensor y = reference.allocate(shape)) {
      kernel.accept(y);
      return y.copyToHost();
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
}
